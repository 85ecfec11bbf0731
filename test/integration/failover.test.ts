import { strict as assert } from 'node:assert';
import { GetStaticIpCommand } from '@aws-sdk/client-lightsail';
import type { WorkflowHandle } from '@temporalio/client';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import type { FailoverResult } from '../../src/schemas/failover';
import { expectFailure } from '../support/failures';
import { waitUntil } from '../support/fixtures';
import {
  createMigrationSource,
  dnsTargets,
  portRules,
  readInstance,
  releaseSourceStaticIps,
} from '../support/migration-fixtures';
import {
  failoverStaticIps,
  instancesOfRun,
  releaseFailoverStaticIps,
  runNightlyDr,
  startFailover,
} from '../support/dr-fixtures';
import { runCli } from '../support/run-cli';
import { stackCliEnv, testStack, type TestStack } from '../support/stack';

describe('failoverToRegion: instances restored from their DR series serve from the DR region', function () {
  this.timeout(240_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  afterEach(async () => {
    await stack.control.clearFaults();
    await releaseSourceStaticIps();
    await releaseFailoverStaticIps(stack);
  });

  const stepState = async (h: WorkflowHandle, id: string) =>
    (await h.query<RunProgress>(PROGRESS_QUERY)).steps.find((s) => s.id === id)?.state;

  /** A primary instance with a DNS entry at its address and one night of DR copies behind it. */
  async function protectedInstance(prefix: string) {
    const src = await createMigrationSource(stack.clients, 'us-east-1', prefix, { dns: true });
    const night = await runNightlyDr(stack, src.instanceName);
    return { ...src, drSnapshot: night.copies[0]!.snapshotName };
  }

  it('fails one instance over: restored from the newest DR copy, settings carried, a static IP in the DR region and its DNS entry pointing at it', async () => {
    const src = await protectedInstance('fo-one');
    // A second night: the newest copy is the one restored.
    const newest = (await runNightlyDr(stack, src.instanceName)).copies[0]!.snapshotName;
    const handle = await startFailover(stack, {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [src.instanceName],
    });
    const result = await handle.result();
    const [one] = result.instances;
    assert.equal(one?.outcome, 'failed-over', JSON.stringify(result));
    assert.equal(one.snapshotName, newest);
    assert.equal(one.series, `${src.instanceName}-nightly-dr`);
    assert.equal(one.profileFrom, 'primary');
    const restored = await readInstance(stack.clients, 'eu-west-1', one.newInstance!.name);
    assert.equal(restored?.state?.name, 'running');
    assert.equal(restored?.isStaticIp, true);
    assert.equal(restored?.publicIpAddress, one.staticIp!.address);
    assert.deepEqual(
      Object.fromEntries(
        (restored?.tags ?? [])
          .filter((t) => !t.key!.startsWith('lightsail-flows:'))
          .map((t) => [t.key, t.value]),
      ),
      { app: 'shop', env: 'prod' },
    );
    assert.deepEqual(
      await portRules(stack.clients, 'eu-west-1', one.newInstance!.name),
      await portRules(stack.clients, 'us-east-1', src.instanceName),
    );
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
      [`www.${src.domainName}`]: one.staticIp!.address,
    });
    assert.deepEqual(
      one.dnsEntries.map((e) => [e.name, e.from, e.to]),
      [[`www.${src.domainName}`, src.address, one.staticIp!.address]],
    );
    // The primary is only read: still running, untouched.
    assert.equal((await readInstance(stack.clients, 'us-east-1', src.instanceName))?.state?.name, 'running');
  });

  it('fails over two instances where one restore fails: the other completes, the failed one is cleaned up, the result lists both', async () => {
    const a = await protectedInstance('fo-pair-a');
    const b = await protectedInstance('fo-pair-b');
    // The first restore in the DR region ends with a Failed operation (its instance in error).
    await stack.control.setFaults([
      {
        actions: ['CreateInstancesFromSnapshot'],
        regions: ['eu-west-1'],
        operationFailure: { errorCode: 'InternalFailure', errorDetails: 'emulated restore failure' },
        count: 1,
      },
    ]);
    const handle = await startFailover(stack, {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [a.instanceName, b.instanceName],
      maxConcurrency: 2,
    });
    const result: FailoverResult = await handle.result();
    const outcomes = result.instances.map((i) => [i.instanceName, i.outcome]);
    assert.equal(result.instances.length, 2);
    const failed = result.instances.filter((i) => i.outcome === 'failed');
    const done = result.instances.filter((i) => i.outcome === 'failed-over');
    assert.equal(failed.length, 1, JSON.stringify(outcomes));
    assert.equal(done.length, 1, JSON.stringify(outcomes));
    assert.ok(failed[0]!.problem, 'the failed one says why');
    // What the failed one made is gone; the other's instance is the only one of the run.
    assert.deepEqual(await instancesOfRun(stack, 'eu-west-1', handle.workflowId), [
      done[0]!.newInstance!.name,
    ]);
    const ok = done[0]!.instanceName === a.instanceName ? a : b;
    const bad = ok === a ? b : a;
    assert.deepEqual(await dnsTargets(stack.clients, ok.domainName!), {
      [`www.${ok.domainName}`]: done[0]!.staticIp!.address,
    });
    assert.deepEqual(await dnsTargets(stack.clients, bad.domainName!), {
      [`www.${bad.domainName}`]: bad.address,
    });
    assert.equal((await failoverStaticIps(stack, 'eu-west-1')).length, 1);
    assert.equal(await stepState(handle, `restore@${failed[0]!.instanceName}`), 'failed');
  });

  it('with the approval gate rejected: nothing changes in DNS, the restored instances are deleted', async () => {
    const src = await protectedInstance('fo-reject');
    const handle = await startFailover(stack, {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [src.instanceName],
      cutOver: { mode: 'approve' },
    });
    await waitUntil(
      'the approval step',
      async () => ((await stepState(handle, 'approval')) === 'running' ? true : undefined),
      120_000,
      100,
    );
    const answer = await handle.executeUpdate('reject', { args: [{ reason: 'primary is back', by: 'ops' }] });
    assert.match(String(answer), /Rejected/);
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, 'FailoverRejected');
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
      [`www.${src.domainName}`]: src.address,
    });
    assert.deepEqual(await instancesOfRun(stack, 'eu-west-1', handle.workflowId), []);
    assert.equal((await failoverStaticIps(stack, 'eu-west-1')).length, 0);
  });

  it('approve before the run waits is refused, saying so; approved, the cut-over follows', async () => {
    const src = await protectedInstance('fo-approve');
    const handle = await startFailover(stack, {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [src.instanceName],
      cutOver: { mode: 'approve' },
    });
    await assert.rejects(handle.executeUpdate('approve', { args: [{ by: 'ops' }] }), (err: Error) =>
      /not waiting for approval now/.test(String((err.cause as Error | undefined)?.message)),
    );
    await waitUntil(
      'the approval step',
      async () => ((await stepState(handle, 'approval')) === 'running' ? true : undefined),
      120_000,
      100,
    );
    await handle.executeUpdate('approve', { args: [{ by: 'ops' }] });
    const result = await handle.result();
    assert.equal(result.instances[0]?.outcome, 'failed-over');
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
      [`www.${src.domainName}`]: result.instances[0].staticIp!.address,
    });
    const ip = (
      await stack.clients
        .forRegion('eu-west-1')
        .send(new GetStaticIpCommand({ staticIpName: result.instances[0].staticIp!.name }))
    ).staticIp;
    assert.equal(ip?.attachedTo, result.instances[0].newInstance!.name);
  });

  it('plan failover reads only: the DR copy found for each instance, a missing one failed with exit 1, the steps', async () => {
    const src = await protectedInstance('fo-plan');
    const bare = await createMigrationSource(stack.clients, 'us-east-1', 'fo-plan-bare');
    const env = stackCliEnv(stack);
    const since = Date.now();
    const flags = (names: string[]) => [
      'plan',
      'failover',
      '--set',
      'primaryRegion=us-east-1',
      '--set',
      'drRegion=eu-west-1',
      '--set',
      `instanceNames=${JSON.stringify(names)}`,
    ];
    const ok = await runCli(flags([src.instanceName]), env);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(
      ok.stdout,
      new RegExp(
        `✓ DR copy of ${src.instanceName}: ${src.drSnapshot} \\(series ${src.instanceName}-nightly-dr\\)`,
      ),
    );
    assert.match(ok.stdout, new RegExp(`Restore ${src.instanceName}-dr-<run> in eu-west-1`));
    assert.match(ok.stdout, /Cut over to .*: a static IP in eu-west-1, the DNS entries of the old address/);
    const missing = await runCli(flags([src.instanceName, bare.instanceName]), env);
    assert.equal(missing.code, 1, missing.stdout);
    assert.match(missing.stdout, new RegExp(`✗ DR copy of ${bare.instanceName}: No snapshot of a DR series`));
    const changes = (await stack.control.audit()).filter(
      (c) => Date.parse(c.time) >= since && !/^(Get|Is)/.test(c.action),
    );
    assert.deepEqual(
      changes.map((c) => c.action),
      [],
    );
  });
});

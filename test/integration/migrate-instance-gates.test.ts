import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import {
  AllocateStaticIpCommand,
  GetInstanceSnapshotsCommand,
  GetStaticIpsCommand,
  ReleaseStaticIpCommand,
  StopInstanceCommand,
} from '@aws-sdk/client-lightsail';
import { CancelledFailure, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import { MIGRATE_INSTANCE_WORKFLOW, type MigrateInstanceInput } from '../../src/schemas/migrate-instance';
import { STATIC_IPS_PER_REGION } from '../../src/lightsail-facts';
import type { migrateInstance } from '../../workflows';
import { expectFailure } from '../support/failures';
import { createInstance, uniqueName, waitUntil } from '../support/fixtures';
import {
  CHANGING,
  QUICK_HTTP,
  createMigrationSource,
  dnsTargets,
  lbHealth,
  readInstance,
  releaseSourceStaticIps,
} from '../support/migration-fixtures';
import { runCli } from '../support/run-cli';
import { TEST_POLL, TEST_TIME_SCALE, stackCliEnv, testStack, type TestStack } from '../support/stack';

describe('migrateInstance: the approval gate, rollback and cancel before the old instance goes, and the refusals of a move that cannot start', function () {
  this.timeout(240_000);
  let stack: TestStack;
  let cliEnv: NodeJS.ProcessEnv;

  // The sources' static IPs go after each test: Lightsail allows five a region.
  afterEach(() => releaseSourceStaticIps());

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    cliEnv = stackCliEnv(stack);
  });

  const start = (input: MigrateInstanceInput): Promise<WorkflowHandle<typeof migrateInstance>> =>
    stack.client.workflow.start<typeof migrateInstance>(MIGRATE_INSTANCE_WORKFLOW, {
      taskQueue: stack.sharedTaskQueue,
      workflowId: `test-migrate-${randomUUID()}`,
      args: [{ poll: TEST_POLL, verification: QUICK_HTTP, ...input }],
    });

  const progressOf = (h: WorkflowHandle) => h.query<RunProgress>(PROGRESS_QUERY);
  const stepRunning = (h: WorkflowHandle, id: string) =>
    waitUntil(
      `step ${id} running`,
      async () =>
        (await progressOf(h)).steps.find((s) => s.id === id)?.state === 'running' ? true : undefined,
      120_000,
      200,
    );

  async function snapshotsOfRun(region: string, runId: string): Promise<string[]> {
    const out = await stack.clients.forRegion(region).send(new GetInstanceSnapshotsCommand({}));
    return (out.instanceSnapshots ?? [])
      .filter((s) => s.tags?.some((t) => t.key === 'lightsail-flows:run' && t.value === runId))
      .map((s) => s.name ?? '');
  }

  async function changesNaming(names: string[], since: number): Promise<string[]> {
    return (await stack.control.audit())
      .filter((c) => Date.parse(c.time) >= since && !c.error && CHANGING.test(c.action))
      .filter((c) => names.some((n) => JSON.stringify(c.params).includes(n)))
      .map((c) => c.action);
  }

  it('with cutOver "approve" it waits after verification with nothing moved, refuses finish-now there, and a rollback at the gate deletes the new instance', async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-gate', { staticIp: true });
    const newName = `${src.instanceName}-new`;
    const handle = await start({
      region: 'us-east-1',
      instanceName: src.instanceName,
      newInstanceName: newName,
      target: { bundleId: 'medium_3_0' },
      cutOver: { mode: 'approve' },
    });
    await stepRunning(handle, 'approval');
    assert.equal((await progressOf(handle)).facts.approval, 'waiting');
    // Verified and waiting: the new instance runs, the static IP has not moved.
    assert.equal((await readInstance(stack.clients, 'us-east-1', newName))?.state?.name, 'running');
    assert.equal(
      (await readInstance(stack.clients, 'us-east-1', src.instanceName))?.publicIpAddress,
      src.address,
    );
    await assert.rejects(handle.executeUpdate('finish-now', { args: [{ by: 'test' }] }), (err: Error) =>
      /not keeping the old instance now/.test(String((err.cause as Error | undefined)?.message)),
    );

    await handle.executeUpdate('rollback', { args: [{ reason: 'wrong bundle', by: 'test' }] });
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, 'MigrationRolledBack', failure.message);
    assert.equal(await readInstance(stack.clients, 'us-east-1', newName), undefined);
    const old = (await readInstance(stack.clients, 'us-east-1', src.instanceName))!;
    assert.equal(old.state?.name, 'running');
    assert.equal(old.publicIpAddress, src.address);
    assert.deepEqual(await snapshotsOfRun('us-east-1', handle.workflowId), []);
    assert.equal(
      (await progressOf(handle)).steps.find((s) => s.id === 'cut-over')?.state,
      'skipped',
      'the cut-over never began',
    );
  });

  it('a rollback while the new instance is being made is taken at once and, once the step ends, deletes what the run made', async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-early', { staticIp: true });
    const newName = `${src.instanceName}-new`;
    // The create answers 3 s late: the run is in its create step when the rollback comes.
    await stack.control.setFaults([
      { actions: ['CreateInstancesFromSnapshot'], latencyMs: 3_000, count: 1, probability: 0 },
    ]);
    try {
      const handle = await start({
        region: 'us-east-1',
        instanceName: src.instanceName,
        newInstanceName: newName,
        target: { bundleId: 'medium_3_0' },
      });
      await stepRunning(handle, 'create');
      await handle.executeUpdate('rollback', { args: [{ reason: 'changed my mind' }] });
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'MigrationRolledBack', failure.message);
      assert.equal(await readInstance(stack.clients, 'us-east-1', newName), undefined);
      const old = (await readInstance(stack.clients, 'us-east-1', src.instanceName))!;
      assert.equal(old.state?.name, 'running');
      assert.equal(old.publicIpAddress, src.address);
      assert.deepEqual(await snapshotsOfRun('us-east-1', handle.workflowId), []);
      assert.equal((await progressOf(handle)).steps.find((s) => s.id === 'verify')?.state, 'skipped');
    } finally {
      await stack.control.clearFaults();
    }
  });

  it('approve cuts over (DNS rewritten to the new address, load balancer swapped); a cancel during the keep period puts both back on the old instance, started again, and deletes the new one', async () => {
    // No static IP: the address changes, so the DNS entry is rewritten and must come back.
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-cancel', {
      dns: true,
      loadBalancer: true,
    });
    const newName = `${src.instanceName}-new`;
    const handle = await start({
      region: 'us-east-1',
      instanceName: src.instanceName,
      newInstanceName: newName,
      target: { bundleId: 'medium_3_0' },
      cutOver: { mode: 'approve' },
      keepOldFor: '30d',
    });
    await stepRunning(handle, 'approval');
    await handle.executeUpdate('approve', { args: [{ by: 'test' }] });
    await stepRunning(handle, 'keep');

    const moved = (await readInstance(stack.clients, 'us-east-1', newName))!;
    assert.notEqual(moved.publicIpAddress, src.address);
    const www = `www.${src.domainName}`;
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), { [www]: moved.publicIpAddress });
    assert.deepEqual(await lbHealth(stack.clients, 'us-east-1', src.loadBalancerName!), {
      [newName]: 'healthy',
    });
    // Progress says what moved where, and when the old instance goes.
    const progress = await progressOf(handle);
    assert.equal(progress.facts.approval, 'approved');
    assert.equal(progress.facts['DNS entries'], `${www} A`);
    assert.equal(progress.facts['load balancers'], src.loadBalancerName);
    assert.match(String(progress.facts['old instance deleted at']), /^\d{4}-/);
    assert.ok(
      progress.resources.some(
        (r) =>
          r.type === 'DomainEntry' &&
          r.action === 'moved' &&
          r.note === `${src.address} → ${moved.publicIpAddress}`,
      ),
      JSON.stringify(progress.resources),
    );
    assert.ok(
      progress.resources.some(
        (r) =>
          r.type === 'LoadBalancer' && r.action === 'moved' && r.note === `${src.instanceName} → ${newName}`,
      ),
      JSON.stringify(progress.resources),
    );
    assert.equal((await readInstance(stack.clients, 'us-east-1', src.instanceName))?.state?.name, 'stopped');

    await handle.cancel();
    const err = await handle.result().then(
      () => assert.fail('the run should be cancelled'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure, String(err));

    const old = (await readInstance(stack.clients, 'us-east-1', src.instanceName))!;
    assert.equal(old.state?.name, 'running');
    assert.equal(await readInstance(stack.clients, 'us-east-1', newName), undefined);
    // The entry points at the old instance again, at the address it has now.
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), { [www]: old.publicIpAddress });
    await waitUntil('the old instance healthy again', async () =>
      (await lbHealth(stack.clients, 'us-east-1', src.loadBalancerName!))[src.instanceName] === 'healthy'
        ? true
        : undefined,
    );
    assert.deepEqual(Object.keys(await lbHealth(stack.clients, 'us-east-1', src.loadBalancerName!)), [
      src.instanceName,
    ]);
    assert.deepEqual(await snapshotsOfRun('us-east-1', handle.workflowId), []);
  });

  it('refuses a taken newInstanceName and a target region at its static IP quota before anything changes, and plan says the same', async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-full', { staticIp: true });
    const taken = uniqueName('mig-taken');
    await createInstance(stack.clients, 'eu-west-1', taken);
    const eu = stack.clients.forRegion('eu-west-1');
    const held = (await eu.send(new GetStaticIpsCommand({}))).staticIps?.length ?? 0;
    const filler = Array.from({ length: Math.max(0, STATIC_IPS_PER_REGION - held) }, () =>
      uniqueName('mig-fill'),
    );
    try {
      for (const staticIpName of filler) await eu.send(new AllocateStaticIpCommand({ staticIpName }));
      const since = Date.now();
      const handle = await start({
        region: 'us-east-1',
        instanceName: src.instanceName,
        newInstanceName: taken,
        target: { region: 'eu-west-1' },
      });
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'MigrationRefused');
      assert.match(failure.message, new RegExp(`newInstanceName: an instance named ${taken} already exists`));
      assert.match(failure.message, /target\.region: eu-west-1 already holds 5 static IPs/);
      assert.deepEqual(await changesNaming([src.instanceName, taken, handle.workflowId], since), []);

      const plan = await runCli(
        [
          'plan',
          'migrate-instance',
          '--set',
          'region=us-east-1',
          '--set',
          `instanceName=${src.instanceName}`,
          '--set',
          `newInstanceName=${taken}`,
          '--set',
          'target.region=eu-west-1',
        ],
        cliEnv,
      );
      assert.equal(plan.code, 1, plan.stderr);
      assert.match(plan.stdout, /✗ newInstanceName: /);
      assert.match(plan.stdout, /✗ target\.region: /);
    } finally {
      for (const staticIpName of filler) {
        await eu.send(new ReleaseStaticIpCommand({ staticIpName })).catch(() => undefined);
      }
    }
  });

  it('refuses an instance that is neither running nor stopped, naming instanceName, and plan says the same', async () => {
    const name = uniqueName('mig-stopping');
    await createInstance(stack.clients, 'us-east-1', name, { blueprintId: 'ubuntu_22_04' });
    // Slowed down, the stop takes minutes: the instance stays "stopping" while the run checks it.
    await stack.control.setTimeScale(0.1);
    try {
      await stack.clients.forRegion('us-east-1').send(new StopInstanceCommand({ instanceName: name }));
      assert.equal((await readInstance(stack.clients, 'us-east-1', name))?.state?.name, 'stopping');
      const handle = await start({
        region: 'us-east-1',
        instanceName: name,
        target: { bundleId: 'medium_3_0' },
      });
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'MigrationRefused');
      assert.match(failure.message, /instanceName: instance \S+ is stopping; it must be running or stopped/);

      const plan = await runCli(
        [
          'plan',
          'migrate-instance',
          '--set',
          'region=us-east-1',
          '--set',
          `instanceName=${name}`,
          '--set',
          'target.bundleId=medium_3_0',
        ],
        cliEnv,
      );
      assert.equal(plan.code, 1, plan.stderr);
      assert.match(plan.stdout, /✗ instanceName: instance \S+ is stopping/);
    } finally {
      await stack.control.setTimeScale(TEST_TIME_SCALE);
    }
  });
});

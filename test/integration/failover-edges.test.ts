import { strict as assert } from 'node:assert';
import type { LightsailRegion } from '../../src/lightsail-facts';
import type { FailoverInput } from '../../src/schemas/failover';
import { waitUntil } from '../support/fixtures';
import { callsTaggedBy, oneOfTwoWins } from '../support/races';
import { workerProcesses } from '../support/worker-process';
import {
  createMigrationSource,
  dnsTargets,
  readInstance,
  releaseSourceStaticIps,
} from '../support/migration-fixtures';
import {
  failoverStaticIps,
  releaseFailoverStaticIps,
  runNightlyDr,
  startFailover,
} from '../support/dr-fixtures';
import { stackCliEnv, testStack, type TestStack } from '../support/stack';

describe('failoverToRegion: runs racing for one instance, a worker killed in the DNS rewrite, a primary that is down, failback', function () {
  this.timeout(300_000);
  let stack: TestStack;
  let cliEnv: NodeJS.ProcessEnv;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    cliEnv = stackCliEnv(stack);
  });

  afterEach(async () => {
    await stack.control.clearFaults();
    await releaseSourceStaticIps();
    await releaseFailoverStaticIps(stack);
    await releaseFailoverStaticIps(stack, 'us-east-1');
  });

  async function protectedInstance(
    prefix: string,
    region: LightsailRegion = 'us-east-1',
    drRegion: LightsailRegion = 'eu-west-1',
  ) {
    const src = await createMigrationSource(stack.clients, region, prefix, { dns: true });
    await runNightlyDr(stack, src.instanceName, { from: region, to: drRegion });
    return src;
  }

  it('two runs racing to fail over one instance: one fails it over, the other fails at once having made nothing', async () => {
    const src = await protectedInstance('fo-race');
    const input: FailoverInput = {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [src.instanceName],
    };
    const [a, b] = await Promise.all([startFailover(stack, input), startFailover(stack, input)]);
    const { winner, loser, failure } = await oneOfTwoWins(a, b);
    assert.equal(failure.type, 'FailoverFailed');
    assert.match(failure.message, /instanceNames: the Instance name .* is in use by run/);
    assert.deepEqual(await callsTaggedBy(stack.control, loser.workflowId), []);
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
      [`www.${src.domainName}`]: winner.instances[0]!.staticIp!.address,
    });
    assert.equal((await failoverStaticIps(stack, 'eu-west-1')).length, 1);
  });

  it('a worker SIGKILLed in the middle of the DNS rewrite: after a restart the entry points at the DR address, one static IP is held', async function () {
    const src = await protectedInstance('fo-kill');
    const workers = workerProcesses(cliEnv, 'fo-kill');
    const { taskQueue } = workers;
    // The DNS update answers 6 s late: long enough to kill the worker while it waits for it.
    await stack.control.setFaults([
      { actions: ['UpdateDomainEntry'], latencyMs: 6_000, count: 1, probability: 0 },
    ]);
    const first = await workers.start();
    const since = Date.now();
    const handle = await startFailover(
      stack,
      { primaryRegion: 'us-east-1', drRegion: 'eu-west-1', instanceNames: [src.instanceName] },
      taskQueue,
    );
    await waitUntil(
      'the DNS rewrite under way',
      async () =>
        (await stack.control.audit({ action: 'GetDomains' })).some((c) => Date.parse(c.time) >= since) &&
        (await stack.control.audit({ action: 'AttachStaticIp' })).some((c) =>
          JSON.stringify(c.params).includes(src.instanceName),
        )
          ? true
          : undefined,
      120_000,
      100,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const second = await workers.replace(first);
    try {
      const result = await handle.result();
      const one = result.instances[0]!;
      assert.equal(one.outcome, 'failed-over', JSON.stringify(result));
      assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
        [`www.${src.domainName}`]: one.staticIp!.address,
      });
      const ips = await failoverStaticIps(stack, 'eu-west-1');
      assert.deepEqual(
        ips.map((ip) => [ip.name, ip.attachedTo]),
        [[one.staticIp!.name, one.newInstance!.name]],
      );
    } finally {
      second.child.kill('SIGTERM');
      await second.done;
    }
  });

  it('a primary region that does not answer: restored from what the snapshot records, and the progress says so', async () => {
    const src = await protectedInstance('fo-down', 'us-west-2', 'eu-west-1');
    await stack.control.setFaults([{ regions: ['us-west-2'], errors: ['ServiceException'] }]);
    const handle = await startFailover(stack, {
      primaryRegion: 'us-west-2',
      drRegion: 'eu-west-1',
      instanceNames: [src.instanceName],
    });
    const result = await handle.result();
    const one = result.instances[0]!;
    assert.equal(one.outcome, 'failed-over', JSON.stringify(result));
    assert.equal(one.profileFrom, 'snapshot');
    const restored = await readInstance(stack.clients, 'eu-west-1', one.newInstance!.name);
    assert.equal(restored?.bundleId, 'small_3_0');
    assert.equal(restored?.isStaticIp, true);
    const progress = await handle.query<{ steps: { id: string; detail?: string }[] }>('progress');
    assert.match(
      progress.steps.find((s) => s.id === `find@${src.instanceName}`)?.detail ?? '',
      /us-west-2 did not answer/,
    );
  });

  it('failback is the same procedure pointed the other way: the DR instance, copied back nightly, fails back to the primary', async () => {
    const src = await protectedInstance('fo-back');
    const out = await (
      await startFailover(stack, {
        primaryRegion: 'us-east-1',
        drRegion: 'eu-west-1',
        instanceNames: [src.instanceName],
      })
    ).result();
    const dr = out.instances[0]!;
    // The DR instance gets its own nightly copies back to the primary.
    await runNightlyDr(stack, dr.newInstance!.name, { from: 'eu-west-1', to: 'us-east-1' });
    const back = await (
      await startFailover(stack, {
        primaryRegion: 'eu-west-1',
        drRegion: 'us-east-1',
        instanceNames: [dr.newInstance!.name],
      })
    ).result();
    const home = back.instances[0]!;
    assert.equal(home.outcome, 'failed-over', JSON.stringify(back));
    assert.equal(home.newInstance!.region, 'us-east-1');
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
      [`www.${src.domainName}`]: home.staticIp!.address,
    });
    assert.equal(
      (await readInstance(stack.clients, 'us-east-1', home.newInstance!.name))?.state?.name,
      'running',
    );
  });
});

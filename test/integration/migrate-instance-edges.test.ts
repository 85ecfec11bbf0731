import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import {
  AllocateStaticIpCommand,
  AttachStaticIpCommand,
  GetInstancesCommand,
  GetStaticIpCommand,
  ReleaseStaticIpCommand,
} from '@aws-sdk/client-lightsail';
import { MIGRATE_INSTANCE_WORKFLOW, type MigrateInstanceInput } from '../../src/schemas/migrate-instance';
import type { migrateInstance } from '../../workflows';
import { expectFailure } from '../support/failures';
import { createInstance, uniqueName, waitUntil } from '../support/fixtures';
import { callsTaggedBy, oneOfTwoWins } from '../support/races';
import { workerProcesses } from '../support/worker-process';
import {
  CHANGING,
  QUICK_HTTP,
  createMigrationSource,
  readInstance,
  releaseSourceStaticIps,
} from '../support/migration-fixtures';
import { runCli } from '../support/run-cli';
import { TEST_POLL, stackCliEnv, testStack, type TestStack } from '../support/stack';

describe('migrateInstance: bad inputs, runs racing for one instance, a worker killed in the cut-over', function () {
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

  afterEach(() => stack.control.clearFaults());

  const start = (input: MigrateInstanceInput, taskQueue = stack.sharedTaskQueue) =>
    stack.client.workflow.start<typeof migrateInstance>(MIGRATE_INSTANCE_WORKFLOW, {
      taskQueue,
      workflowId: `test-migrate-${randomUUID()}`,
      args: [{ poll: TEST_POLL, verification: QUICK_HTTP, keepOldFor: '0s', ...input }],
    });

  /** The changing calls since `since` that named the instance or carried the run's tag. */
  async function changesBy(runId: string, instanceName: string, since: number): Promise<string[]> {
    const calls = await stack.control.audit();
    return calls
      .filter((c) => Date.parse(c.time) >= since && !c.error && CHANGING.test(c.action))
      .filter((c) => {
        const text = JSON.stringify(c.params);
        return text.includes(instanceName) || text.includes(runId);
      })
      .map((c) => c.action);
  }

  for (const [bundleId, rule] of [
    ['no_such_bundle_9_9', /does not exist/],
    ['nano_3_0', /20 GB disk, smaller than the 60 GB/],
    ['medium_win_3_0', /for WINDOWS instances/],
  ] as const) {
    it(`refuses bundle ${bundleId} before anything changes, naming target.bundleId (${rule.source})`, async () => {
      const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-bad');
      const since = Date.now();
      const handle = await start({
        region: 'us-east-1',
        instanceName: src.instanceName,
        target: { bundleId },
      });
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'MigrationRefused');
      assert.match(failure.message, /target\.bundleId: /);
      assert.match(failure.message, rule);
      assert.deepEqual(await changesBy(handle.workflowId, src.instanceName, since), []);
      assert.equal(
        (await readInstance(stack.clients, 'us-east-1', src.instanceName))?.state?.name,
        'running',
      );

      // plan says the same, exits 1, and changes nothing either.
      const plan = await runCli(
        [
          'plan',
          'migrate-instance',
          '--set',
          'region=us-east-1',
          '--set',
          `instanceName=${src.instanceName}`,
          '--set',
          `target.bundleId=${bundleId}`,
        ],
        cliEnv,
      );
      assert.equal(plan.code, 1, plan.stderr);
      assert.match(plan.stdout, /✗ target\.bundleId: /);
    });
  }

  it('refuses the same name in the same region at start and in plan (exit 2 from the CLI), and a run started past the CLI fails having changed nothing, naming newInstanceName', async () => {
    const sameName = [
      'migrate-instance',
      '--set',
      'region=us-east-1',
      '--set',
      'instanceName=web-1',
      '--set',
      'newInstanceName=web-1',
      '--set',
      'target.bundleId=medium_3_0',
    ];
    const run = await runCli(['start', ...sameName], cliEnv);
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stderr, /newInstanceName: must differ from instanceName in the same region/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');

    // plan refuses it the same way; a run started past the CLI (the API, `temporal`) fails at once.
    const plan = await runCli(['plan', ...sameName], cliEnv);
    assert.equal(plan.code, 2, plan.stdout);
    assert.match(plan.stderr, /newInstanceName: must differ from instanceName in the same region/);
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-same');
    const since = Date.now();
    const handle = await start({
      region: 'us-east-1',
      instanceName: src.instanceName,
      newInstanceName: src.instanceName,
      target: { bundleId: 'medium_3_0' },
    });
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, 'InvalidInput');
    assert.match(failure.message, /newInstanceName: must differ from instanceName/);
    assert.deepEqual(await changesBy(handle.workflowId, src.instanceName, since), []);
  });

  it("a cross-region move to a chosen name leaves the user's static IP named <name>-ip there alone and allocates one of the run's own", async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-own-ip', { staticIp: true });
    const newName = uniqueName('mig-chosen');
    const other = uniqueName('mig-other');
    await createInstance(stack.clients, 'eu-west-1', other);
    const eu = stack.clients.forRegion('eu-west-1');
    // The user's: named as the run once named the static IP it allocates for a chosen name.
    const usersIp = `${newName}-ip`;
    const ipOf = async (staticIpName: string) =>
      (await eu.send(new GetStaticIpCommand({ staticIpName }))).staticIp;
    await eu.send(new AllocateStaticIpCommand({ staticIpName: usersIp }));
    let runsIp: string | undefined;
    try {
      await eu.send(new AttachStaticIpCommand({ staticIpName: usersIp, instanceName: other }));
      await waitUntil('the user IP attached', async () =>
        (await ipOf(usersIp))?.attachedTo === other ? true : undefined,
      );
      const usersAddress = (await ipOf(usersIp))?.ipAddress;
      const handle = await start({
        region: 'us-east-1',
        instanceName: src.instanceName,
        newInstanceName: newName,
        target: { region: 'eu-west-1' },
      });
      const result = await handle.result();
      runsIp = result.staticIp?.name;
      assert.notEqual(runsIp, usersIp, 'the run took the user static IP as its own');
      assert.equal((await ipOf(usersIp))?.attachedTo, other);
      const moved = (await readInstance(stack.clients, 'eu-west-1', newName))!;
      assert.equal(moved.publicIpAddress, result.staticIp?.address);
      assert.notEqual(moved.publicIpAddress, usersAddress);
      assert.equal((await ipOf(runsIp!))?.attachedTo, newName);
    } finally {
      for (const staticIpName of [usersIp, runsIp]) {
        if (staticIpName && staticIpName !== src.staticIpName) {
          await eu.send(new ReleaseStaticIpCommand({ staticIpName })).catch(() => undefined);
        }
      }
    }
  });

  it('two runs racing to migrate one instance: one moves it, the other fails at once having made nothing', async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-race', { staticIp: true });
    const input = {
      region: 'us-east-1',
      instanceName: src.instanceName,
      target: { bundleId: 'medium_3_0' },
    } as const;
    const [a, b] = await Promise.all([start(input), start(input)]);
    const { winner, loser, failure } = await oneOfTwoWins(a, b);
    assert.equal(failure.type, 'TargetNameTaken');
    assert.match(failure.message, /instanceName: the Instance name .* is in use by run/);
    // Nothing carries the loser's run tag, and the static IP is on the winner's new instance.
    assert.deepEqual(await callsTaggedBy(stack.control, loser.workflowId), []);
    const ip = (
      await stack.clients
        .forRegion('us-east-1')
        .send(new GetStaticIpCommand({ staticIpName: src.staticIpName! }))
    ).staticIp;
    assert.equal(ip?.attachedTo, winner.new.name);
  });

  it('a worker SIGKILLed in the middle of moving the static IP: after a restart the IP is attached once, to the new instance', async function () {
    this.timeout(300_000);
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-kill', { staticIp: true });
    const workers = workerProcesses(cliEnv, 'mig-kill');
    const { taskQueue } = workers;
    // The attach answers 6 s late: long enough to kill the worker while it waits for it.
    await stack.control.setFaults([
      { actions: ['AttachStaticIp'], latencyMs: 6_000, count: 1, probability: 0 },
    ]);
    const first = await workers.start();
    const handle = await start(
      { region: 'us-east-1', instanceName: src.instanceName, target: { bundleId: 'medium_3_0' } },
      taskQueue,
    );
    await waitUntil(
      'the static IP detached from the old instance',
      async () =>
        (await stack.control.audit({ action: 'DetachStaticIp' })).some((c) =>
          JSON.stringify(c.params).includes(src.staticIpName!),
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
      const ip = (
        await stack.clients
          .forRegion('us-east-1')
          .send(new GetStaticIpCommand({ staticIpName: src.staticIpName! }))
      ).staticIp!;
      assert.equal(ip.attachedTo, result.new.name);
      const holders = (
        (await stack.clients.forRegion('us-east-1').send(new GetInstancesCommand({}))).instances ?? []
      ).filter((i) => i.publicIpAddress === src.address);
      assert.deepEqual(
        holders.map((i) => i.name),
        [result.new.name],
      );
      assert.equal(holders[0]?.isStaticIp, true);
    } finally {
      second.child.kill('SIGTERM');
      await second.done;
    }
  });
});

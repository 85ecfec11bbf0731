import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockHolder } from '../../src/locks/lock-holder';
import { nameLockId } from '../../src/locks/name-lock-keys';
import type { Plan } from '../../src/plan/plan';
import { createDistribution, createRunningService, shopDeployment } from '../support/container-fixtures';
import { createInstance, createInstanceSnapshot, daysAgo, uniqueName, waitUntil } from '../support/fixtures';
import { runCli } from '../support/run-cli';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

describe('lightsail-flows plan, as a child process against the emulator', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let source: { instanceName: string; snapshotName: string };

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    dir = mkdtempSync(join(tmpdir(), 'plan-cli-test-'));
    env = {
      TEMPORAL_ADDRESS: stack.env.address,
      TEMPORAL_NAMESPACE: 'default',
      LIGHTSAIL_FLOWS_TASK_QUEUE: stack.sharedTaskQueue,
      LIGHTSAIL_FLOWS_CODEC_KEYS: stack.codecKeys,
      LIGHTSAIL_ENDPOINT: stack.emulator.url,
    };
    source = await createInstanceSnapshot(stack.clients, 'us-east-1', 'plan-cli');
  });

  const copyFlags = (snapshotName: string) => [
    '--set',
    'sourceRegion=us-east-1',
    '--set',
    'targetRegions=eu-west-1',
    '--set',
    'source.type=manual',
    '--set',
    `source.snapshotName=${snapshotName}`,
  ];

  it('prints each check with ✓ and its reason, then the numbered steps, and exits 0 when every check passes', async () => {
    const run = await runCli(['plan', 'copy-snapshot', ...copyFlags(source.snapshotName)], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Plan for copy-snapshot: every check passed/);
    assert.match(
      run.stdout,
      new RegExp(`✓ source: instance snapshot ${source.snapshotName} is available in us-east-1`),
    );
    assert.match(
      run.stdout,
      /1\. Check source in us-east-1\n {2}2\. Copy to eu-west-1\n {2}3\. Wait for the copy in eu-west-1\n {2}4\. Tag the copy in eu-west-1/,
    );
    assert.match(run.stdout, /Nothing was started or changed\./);
  });

  it('exits 1 saying which check failed and why when the source does not exist', async () => {
    const missing = uniqueName('plan-cli-missing');
    const run = await runCli(['plan', 'copy-snapshot', ...copyFlags(missing)], env);
    assert.equal(run.code, 1);
    assert.match(run.stdout, new RegExp(`✗ source: Source snapshot "${missing}" was not found in us-east-1`));
    assert.match(
      run.stderr,
      new RegExp(`Check failed: source \\(source.snapshotName\\): Source snapshot "${missing}"`),
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('fails the target name when another run holds its name lock, naming that run', async () => {
    // A copy that holds its name while it waits for an automatic snapshot still in progress.
    const instanceName = uniqueName('plan-cli-auto');
    await createInstance(stack.clients, 'us-east-1', instanceName, { autoSnapshots: true });
    const date = daysAgo(1);
    await stack.control.addAutoSnapshot({
      region: 'us-east-1',
      resourceName: instanceName,
      date,
      status: 'InProgress',
    });
    const targetSnapshotName = uniqueName('plan-cli-held');
    const holder = uniqueName('holder');
    const handle = await stack.client.workflow.start('copySnapshotAcrossRegions', {
      taskQueue: stack.sharedTaskQueue,
      workflowId: holder,
      args: [
        {
          sourceRegion: 'us-east-1',
          targetRegions: ['eu-west-1'],
          source: { type: 'automatic', resourceName: instanceName, restoreDate: date },
          targetSnapshotName,
          poll: TEST_POLL,
        },
      ],
    });
    try {
      const lockId = nameLockId({ region: 'eu-west-1', kind: 'Snapshot', name: targetSnapshotName });
      await waitUntil('the run to hold the name', async () =>
        (await lockHolder(stack.client, lockId)) === holder ? true : undefined,
      );
      const run = await runCli(
        [
          'plan',
          'copy-snapshot',
          ...copyFlags(source.snapshotName),
          '--set',
          `targetSnapshotName=${targetSnapshotName}`,
        ],
        env,
      );
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stdout, /✓ target name in eu-west-1: no snapshot is named/);
      assert.match(
        run.stdout,
        new RegExp(
          `✗ target name lock in eu-west-1: the Snapshot name "${targetSnapshotName}" in eu-west-1 is in use by run ${holder}`,
        ),
      );
    } finally {
      await handle.terminate('test done');
    }
  });

  it('says the name lock could not be checked when Temporal cannot be reached, and still exits 0', async () => {
    const run = await runCli(
      [
        'plan',
        'copy-snapshot',
        ...copyFlags(source.snapshotName),
        '--set',
        `targetSnapshotName=${uniqueName('plan-cli-free')}`,
      ],
      { ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /\? target name lock in eu-west-1: could not be checked: Temporal did not answer/,
    );
  });

  it('prints the plan as JSON with --json: the serving side, the idle side and the step ids of a blue-green release', async () => {
    const blue = uniqueName('plan-cli-blue');
    const green = uniqueName('plan-cli-green');
    const distributionName = uniqueName('plan-cli-cdn');
    await createRunningService(stack.clients, 'us-east-1', blue, shopDeployment('v1'));
    await createRunningService(stack.clients, 'us-east-1', green, shopDeployment('v1'));
    await createDistribution(stack.clients, distributionName, { name: green, regionName: 'us-east-1' });
    const input = join(dir, `${uniqueName('bg')}.json`);
    writeFileSync(
      input,
      JSON.stringify({
        strategy: 'blue-green',
        region: 'us-east-1',
        services: [blue, green],
        distributionName,
        deployment: shopDeployment('v2'),
        approval: { timeoutMinutes: 30 },
      }),
    );
    const run = await runCli(['plan', 'blue-green-deploy', '--input', input, '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as Plan;
    assert.equal(plan.ok, true);
    assert.deepEqual(
      { serving: plan.facts.serving, idle: plan.facts.idle, idleExists: plan.facts['idle exists'] },
      { serving: green, idle: blue, idleExists: 'yes' },
    );
    assert.deepEqual(
      plan.steps.map((s) => s.id),
      ['turn', 'find-live', 'prepare-idle', 'deploy', 'verify', 'approval', 'switch', 'cut-over', 'bake'],
    );
  });

  it('refuses bad input with exit code 2, naming the field and the rule', async () => {
    const run = await runCli(
      ['plan', 'export-to-ec2', '--set', 'region=atlantis-1', '--set', 'source.type=instance'],
      env,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /region: must be a Lightsail region/);
    assert.match(run.stderr, /source\.instanceName: /);
    assert.equal(run.stdout, '');
  });
});

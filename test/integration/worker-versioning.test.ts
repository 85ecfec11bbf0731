import { strict as assert } from 'node:assert';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { parseCodecKeys } from '../../src/codec/keys';
import { BLUE_GREEN_WORKFLOW, RELEASE_UPDATES } from '../../src/schemas/blue-green-deploy';
import { COPY_SNAPSHOT_WORKFLOW } from '../../src/schemas/copy-snapshot';
import { EXPORT_TO_EC2_WORKFLOW } from '../../src/schemas/export-to-ec2';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import type { VersioningSettings } from '../../src/versioning';
import { createWorker } from '../../src/worker';
import type { blueGreenDeploy, copySnapshotAcrossRegions, exportToEc2 } from '../../workflows';
import { createDistribution, createRunningService, shopDeployment } from '../support/container-fixtures';
import { createInstanceSnapshot, uniqueName, waitUntil } from '../support/fixtures';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';
import { documentedDeploymentCommand, setCurrentVersion, temporalCli } from '../support/worker-deployments';

const { VersioningBehavior } = temporal.api.enums.v1;
const region = 'us-east-1';

describe('Worker Versioning: an old build and a new build side by side on the dev server', function () {
  this.timeout(180_000);
  let stack: TestStack;
  const stops: (() => Promise<void>)[] = [];

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });
  after(async () => {
    for (const stop of stops.reverse()) await stop();
    await stack.control.setTimeScale(TEST_TIME_SCALE);
  });

  /** A worker of one build of `deploymentName`, as `lightsail-flows worker` runs with versioning set. */
  async function startBuild(taskQueue: string, versioning: VersioningSettings): Promise<void> {
    const { worker, clients, run } = await createWorker({
      connection: stack.env.nativeConnection,
      namespace: 'default',
      taskQueue,
      lightsail: stack.lightsail,
      workflowBundle: stack.bundle,
      codec: parseCodecKeys(stack.codecKeys),
      versioning,
    });
    const running = run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      clients.destroy();
    });
  }

  function makeCurrent(deploymentName: string, buildId: string): Promise<void> {
    return setCurrentVersion(stack.env.address, deploymentName, buildId);
  }

  /** The build ids of the workers that completed each of the run's workflow tasks, in order. */
  async function buildsThatRan(handle: WorkflowHandle): Promise<string[]> {
    const { events } = await handle.fetchHistory();
    return events!
      .filter((e) => e.workflowTaskCompletedEventAttributes)
      .map((e) => e.workflowTaskCompletedEventAttributes!.deploymentVersion?.buildId ?? '(none)');
  }

  async function versioningOf(handle: WorkflowHandle) {
    const { raw } = await handle.describe();
    const info = raw.workflowExecutionInfo?.versioningInfo;
    return { buildId: info?.deploymentVersion?.buildId, behavior: info?.behavior };
  }

  it('keeps a pinned release waiting for approval on the old build after the new one becomes current, moves an auto-upgrade export to the new build, and starts new runs on the new build', async () => {
    const deploymentName = uniqueName('lightsail-flows-test');
    const taskQueue = uniqueName('versioning');
    await startBuild(taskQueue, { deploymentName, buildId: 'old' });
    await makeCurrent(deploymentName, 'old');

    // A blue-green release (pinned) started on the old build, waiting for approval.
    const blue = uniqueName('blue');
    const distributionName = uniqueName('cdn');
    await createRunningService(stack.clients, region, blue, shopDeployment('1'));
    await createDistribution(stack.clients, distributionName, { name: blue, regionName: region });
    const release = await stack.client.workflow.start<typeof blueGreenDeploy>(BLUE_GREEN_WORKFLOW, {
      taskQueue,
      workflowId: uniqueName('test-pinned-release'),
      args: [
        {
          poll: TEST_POLL,
          strategy: 'blue-green',
          region,
          services: [blue, uniqueName('green')],
          distributionName,
          deployment: shopDeployment('2'),
          verification: {
            path: '/',
            expectedStatus: 200,
            checks: 2,
            intervalSeconds: 0.1,
            timeoutSeconds: 2,
          },
          bakeMinutes: 0.02,
          approval: { timeoutMinutes: 5 },
        },
      ],
    });
    await waitUntil(
      'the release to wait for approval',
      async () => {
        const progress = await release.query<RunProgress>(PROGRESS_QUERY);
        return progress.steps.find((s) => s.id === 'approval')?.state === 'running' ? true : undefined;
      },
      30_000,
    );

    // An export (auto-upgrade) started on the old build too, its export slowed to minutes so it is
    // still waiting when the new build becomes current.
    const exported = await createInstanceSnapshot(stack.clients, region, 'versioned-export');
    await stack.control.setTimeScale(60);
    const exportRun = await stack.client.workflow.start<typeof exportToEc2>(EXPORT_TO_EC2_WORKFLOW, {
      taskQueue,
      workflowId: uniqueName('test-auto-upgrade-export'),
      args: [
        {
          poll: TEST_POLL,
          region,
          source: { type: 'instanceSnapshot', snapshotName: exported.snapshotName },
          ec2: { instanceType: 't3.micro' },
        },
      ],
    });
    await waitUntil(
      'the export to wait on Lightsail',
      async () => {
        const progress = await exportRun.query<RunProgress>(PROGRESS_QUERY);
        return progress.steps.find((s) => s.id === 'export')?.state === 'running' ? true : undefined;
      },
      30_000,
    );

    // The new build rolls out and becomes current while the release and the export wait.
    await startBuild(taskQueue, { deploymentName, buildId: 'new' });
    await makeCurrent(deploymentName, 'new');
    await stack.control.setTimeScale(TEST_TIME_SCALE);

    const { snapshotName } = await createInstanceSnapshot(stack.clients, region, 'versioned');
    const copy = await stack.client.workflow.start<typeof copySnapshotAcrossRegions>(COPY_SNAPSHOT_WORKFLOW, {
      taskQueue,
      workflowId: uniqueName('test-new-build-copy'),
      args: [
        {
          poll: TEST_POLL,
          sourceRegion: region,
          targetRegions: ['eu-west-1'],
          source: { type: 'manual', snapshotName },
        },
      ],
    });
    await copy.result();

    await release.executeUpdate(RELEASE_UPDATES.approve, { args: [{ by: 'ana' }] });
    await release.result();

    assert.deepEqual(await versioningOf(release), {
      buildId: 'old',
      behavior: VersioningBehavior.VERSIONING_BEHAVIOR_PINNED,
    });
    const releaseBuilds = await buildsThatRan(release);
    assert.ok(releaseBuilds.length >= 3, releaseBuilds.join(', '));
    assert.deepEqual(
      [...new Set(releaseBuilds)],
      ['old'],
      'every task of the release, those after the approval included, ran on the old build',
    );

    assert.deepEqual(await versioningOf(copy), {
      buildId: 'new',
      behavior: VersioningBehavior.VERSIONING_BEHAVIOR_PINNED,
    });
    assert.deepEqual([...new Set(await buildsThatRan(copy))], ['new']);

    await exportRun.result();
    assert.deepEqual(await versioningOf(exportRun), {
      buildId: 'new',
      behavior: VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE,
    });
    assert.deepEqual(
      [...new Set(await buildsThatRan(exportRun))],
      ['old', 'new'],
      'the export started on the old build and moved to the new one',
    );

    // What docs/rollouts.md has an operator look at before stopping the old build's workers.
    const old = await temporalCli(
      documentedDeploymentCommand('describe-version', deploymentName, 'old'),
      stack.env.address,
    );
    assert.equal(old.code, 0, old.stderr);
    assert.match(old.stdout, /^ +BuildID +old$/m);
    // No longer current: draining until its pinned runs are closed past the server's grace period.
    assert.match(old.stdout, /^ +DrainageStatus +draining$/m);
  });
});

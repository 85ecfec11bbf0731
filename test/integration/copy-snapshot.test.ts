import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import {
  CreateInstanceSnapshotCommand,
  GetInstanceCommand,
  GetInstanceSnapshotCommand,
  GetDiskSnapshotCommand,
} from '@aws-sdk/client-lightsail';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import type { copySnapshotAcrossRegions } from '../../workflows';
import {
  COPY_SNAPSHOT_WORKFLOW,
  type CopySnapshotInput,
  type CopySnapshotResult,
} from '../../src/schemas/copy-snapshot';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import {
  createDiskSnapshot,
  createInstance,
  createInstanceSnapshot,
  daysAgo,
  uniqueName,
  waitUntil,
} from '../support/fixtures';
import { expectFailure } from '../support/failures';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';

describe('copySnapshotAcrossRegions on the dev server against the emulator', function () {
  this.timeout(120_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000); // the first run on a machine may build the Temporal CLI
    stack = await testStack();
  });

  afterEach(async () => {
    await stack.control.clearFaults();
    await stack.control.setTimeScale(TEST_TIME_SCALE);
  });

  function start(input: CopySnapshotInput, taskQueue = stack.sharedTaskQueue) {
    return stack.client.workflow.start<typeof copySnapshotAcrossRegions>(COPY_SNAPSHOT_WORKFLOW, {
      taskQueue,
      workflowId: `test-copy-${randomUUID()}`,
      args: [{ poll: TEST_POLL, ...input }],
    });
  }

  async function copyCalls(targetSnapshotName: string) {
    const calls = await stack.control.audit({ action: 'CopySnapshot' });
    return calls.filter(
      (c) => (c.params as { targetSnapshotName?: string }).targetSnapshotName === targetSnapshotName,
    );
  }

  it('copies a manual instance snapshot to another region, tags it and reports each step', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'manual');
    const handle = await start({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
      targetSnapshotName: `${snapshotName}-dr`,
      tags: { purpose: 'dr' },
    });
    const result: CopySnapshotResult = await handle.result();

    assert.equal(result.copies.length, 1);
    const copy = result.copies[0]!;
    assert.deepEqual(
      { region: copy.region, name: copy.snapshotName, kind: copy.kind, adopted: copy.adopted },
      { region: 'eu-west-1', name: `${snapshotName}-dr`, kind: 'InstanceSnapshot', adopted: false },
    );
    assert.match(copy.arn, /^arn:aws:lightsail:eu-west-1:/);

    const { instanceSnapshot } = await stack.clients
      .forRegion('eu-west-1')
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: copy.snapshotName }));
    assert.equal(instanceSnapshot?.state, 'available');
    const tags = new Map((instanceSnapshot?.tags ?? []).map((t) => [t.key, t.value]));
    assert.equal(tags.get('purpose'), 'dr');
    assert.equal(tags.get(RUN_TAG_KEY), handle.workflowId);

    const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
    assert.equal(progress.status, 'succeeded');
    assert.deepEqual(
      progress.steps.map((s) => [s.id, s.state]),
      [
        ['check-source', 'succeeded'],
        ['copy@eu-west-1', 'succeeded'],
        ['wait@eu-west-1', 'succeeded'],
        ['tag@eu-west-1', 'succeeded'],
      ],
    );
    assert.deepEqual(
      result.steps.map((s) => s.step),
      ['check-source', 'copy@eu-west-1', 'wait@eu-west-1', 'tag@eu-west-1'],
    );
    assert.ok(result.steps.every((s) => s.durationMs >= 0));
    // The same progress as the workflow's current details, which the Web UI shows.
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    assert.match(metadata.currentDetails ?? '', /copySnapshotAcrossRegions\*\*: succeeded/);
    assert.match(metadata.currentDetails ?? '', /✓ Copy to eu-west-1/);
    assert.equal((await copyCalls(copy.snapshotName)).length, 1);
  });

  it('copies an automatic snapshot by date and by latest, naming the copy after the resource, the date and the run', async () => {
    const instanceName = uniqueName('auto');
    await createInstance(stack.clients, 'us-east-1', instanceName, { autoSnapshots: true });
    for (const days of [1, 2]) {
      await stack.control.addAutoSnapshot({
        region: 'us-east-1',
        resourceName: instanceName,
        date: daysAgo(days),
        status: 'Success',
      });
    }

    const byDate: CopySnapshotResult = await (
      await start({
        sourceRegion: 'us-east-1',
        targetRegions: ['us-west-2'],
        source: { type: 'automatic', resourceName: instanceName, restoreDate: daysAgo(2) },
      })
    ).result();
    assert.equal(byDate.source.restoreDate, daysAgo(2));
    assert.match(
      byDate.copies[0]!.snapshotName,
      new RegExp(`^${instanceName}-auto-${daysAgo(2)}-[0-9a-f]{8}$`),
    );

    const latest: CopySnapshotResult = await (
      await start({
        sourceRegion: 'us-east-1',
        targetRegions: ['us-west-2'],
        source: { type: 'automatic', resourceName: instanceName, useLatestRestorableAutoSnapshot: true },
      })
    ).result();
    assert.equal(latest.source.restoreDate, daysAgo(1));
    const { instanceSnapshot } = await stack.clients
      .forRegion('us-west-2')
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: latest.copies[0]!.snapshotName }));
    assert.equal(instanceSnapshot?.state, 'available');
    assert.equal(instanceSnapshot?.fromInstanceName, instanceName);
  });

  it('copies to two regions in parallel, one CopySnapshot call in each', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'multi');
    const result: CopySnapshotResult = await (
      await start({
        sourceRegion: 'us-east-1',
        targetRegions: ['eu-west-1', 'ap-south-1'],
        source: { type: 'manual', snapshotName },
      })
    ).result();
    assert.deepEqual(result.copies.map((c) => c.region).sort(), ['ap-south-1', 'eu-west-1']);
    const name = result.copies[0]!.snapshotName;
    assert.ok(result.copies.every((c) => c.snapshotName === name));
    assert.match(name, new RegExp(`^${snapshotName}-copy-\\d{4}-\\d{2}-\\d{2}-\\d{4}-[0-9a-f]{8}$`));
    const calls = await copyCalls(name);
    assert.deepEqual(calls.map((c) => c.region).sort(), ['ap-south-1', 'eu-west-1']);
  });

  it('copies a disk snapshot as a disk snapshot', async () => {
    const { snapshotName } = await createDiskSnapshot(stack.clients, 'us-east-1', 'disk');
    const result: CopySnapshotResult = await (
      await start({
        sourceRegion: 'us-east-1',
        targetRegions: 'eu-central-1',
        source: { type: 'manual', snapshotName },
      })
    ).result();
    assert.equal(result.copies[0]?.kind, 'DiskSnapshot');
    const { diskSnapshot } = await stack.clients
      .forRegion('eu-central-1')
      .send(new GetDiskSnapshotCommand({ diskSnapshotName: result.copies[0].snapshotName }));
    assert.equal(diskSnapshot?.state, 'completed');
  });

  it('restores an instance from the copy in the target region when asked', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'restore');
    const instanceName = uniqueName('restored');
    const result: CopySnapshotResult = await (
      await start({
        sourceRegion: 'us-east-1',
        targetRegions: 'eu-west-2',
        source: { type: 'manual', snapshotName },
        restore: { instanceName },
      })
    ).result();
    assert.equal(result.copies[0]?.instance?.name, instanceName);
    const { instance } = await stack.clients
      .forRegion('eu-west-2')
      .send(new GetInstanceCommand({ instanceName }));
    assert.equal(instance?.state?.name, 'running');
    assert.equal(instance?.location?.availabilityZone, 'eu-west-2a');
  });

  it('waits for a source snapshot that is still pending, then copies it', async () => {
    const instanceName = uniqueName('pending-src');
    await createInstance(stack.clients, 'us-east-1', instanceName);
    // The snapshot stays pending for about 20 s on this clock, and the clock speeds up only once
    // the run has read it pending: on a busy machine the run's first check may come seconds late.
    await stack.control.setTimeScale(6);
    const snapshotName = `${instanceName}-snap`;
    await stack.clients
      .forRegion('us-east-1')
      .send(new CreateInstanceSnapshotCommand({ instanceName, instanceSnapshotName: snapshotName }));
    const sourceReads = async () =>
      (await stack.control.audit({ action: 'GetInstanceSnapshot', region: 'us-east-1' })).filter(
        (c) => c.params.instanceSnapshotName === snapshotName,
      );
    const handle = await start({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
    });
    const { instanceSnapshot } = await stack.clients
      .forRegion('us-east-1')
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: snapshotName }));
    assert.equal(instanceSnapshot?.state, 'pending', 'the source was pending when the run started');
    // This test's own read, then the run's first two checks, all while the source is pending.
    while ((await sourceReads()).length < 3) await new Promise((r) => setTimeout(r, 50));
    const pendingReads = (await sourceReads()).length;
    await stack.control.setTimeScale(TEST_TIME_SCALE);
    const result = await handle.result();
    assert.equal(result.copies[0]?.region, 'eu-west-1');
    const reads = (await sourceReads()).length;
    assert.ok(reads > pendingReads, `the source was checked until ready (${reads} reads)`);
  });

  it('fails fast with a non-retryable SourceNotFound that names a missing source, copying nothing', async () => {
    const missing = uniqueName('no-such-snapshot');
    const started = Date.now();
    const failure = await expectFailure(
      (
        await start({
          sourceRegion: 'us-east-1',
          targetRegions: 'eu-west-1',
          source: { type: 'manual', snapshotName: missing },
        })
      ).result(),
    );
    assert.equal(failure.type, 'SourceNotFound');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, new RegExp(missing));
    assert.match(failure.message, /us-east-1/);
    assert.ok(Date.now() - started < 10_000, 'a missing source must not be retried');
    const calls = await stack.control.audit({ action: 'CopySnapshot' });
    assert.ok(!calls.some((c) => JSON.stringify(c.params).includes(missing)));
  });

  it('fails with TargetNameTaken when another snapshot holds the target name, which Lightsail refuses to copy over', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'taken-src');
    const other = await createInstanceSnapshot(stack.clients, 'eu-west-1', 'taken-other');
    const failure = await expectFailure(
      (
        await start({
          sourceRegion: 'us-east-1',
          targetRegions: 'eu-west-1',
          source: { type: 'manual', snapshotName },
          targetSnapshotName: other.snapshotName,
        })
      ).result(),
    );
    assert.equal(failure.type, 'TargetNameTaken');
    assert.match(failure.message, new RegExp(other.snapshotName));
    const { instanceSnapshot } = await stack.clients
      .forRegion('eu-west-1')
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: other.snapshotName }));
    assert.equal(instanceSnapshot?.fromInstanceName, other.instanceName, 'the other snapshot is untouched');
    // The one CopySnapshot asked was refused by Lightsail: nothing was copied over it.
    const refused = await copyCalls(other.snapshotName);
    assert.deepEqual(
      refused.map((c) => c.error),
      ['InvalidInputException'],
    );
  });

  it('fails with Lightsail errorCode and errorDetails when the copy operation fails, and deletes the failed copy', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'opfail');
    await stack.control.setFaults([
      {
        actions: ['CopySnapshot'],
        operationFailure: { errorCode: 'InternalError', errorDetails: 'emulated copy failure' },
        count: 1,
      },
    ]);
    const target = `${snapshotName}-dr`;
    const failure = await expectFailure(
      (
        await start({
          sourceRegion: 'us-east-1',
          targetRegions: 'eu-west-1',
          source: { type: 'manual', snapshotName },
          targetSnapshotName: target,
        })
      ).result(),
    );
    assert.equal(failure.type, 'LightsailOperationFailed');
    assert.match(failure.message, /InternalError/);
    assert.match(failure.message, /emulated copy failure/);
    const deletes = await stack.control.audit({ action: 'DeleteInstanceSnapshot' });
    assert.ok(
      deletes.some((c) => JSON.stringify(c.params).includes(target)),
      'the failed copy is deleted',
    );
  });

  it('adopts the copy its own earlier attempt made when the CopySnapshot response was lost', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'lost');
    const target = `${snapshotName}-dr`;
    await stack.control.setFaults([
      { actions: ['CopySnapshot'], errors: ['ServiceException'], afterEffect: true, count: 1 },
    ]);
    const result = await (
      await start({
        sourceRegion: 'us-east-1',
        targetRegions: 'eu-west-1',
        source: { type: 'manual', snapshotName },
        targetSnapshotName: target,
      })
    ).result();
    assert.equal(result.copies[0]?.adopted, true);
    const calls = await copyCalls(target);
    assert.deepEqual(
      calls.map((c) => c.error),
      ['ServiceException', 'InvalidInputException'],
      'the first call took effect but its answer was lost; the retry found the name in use',
    );
    const { instanceSnapshot } = await stack.clients
      .forRegion('eu-west-1')
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: target }));
    assert.equal(instanceSnapshot?.state, 'available');
  });

  it('tags the copy again, without a second CopySnapshot, when the tag after the copy fails', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'tagfail');
    const target = `${snapshotName}-dr`;
    await stack.control.setFaults([{ actions: ['TagResource'], errors: ['ServiceException'], count: 1 }]);
    const handle = await start({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
      targetSnapshotName: target,
    });
    const result = await handle.result();
    assert.equal(result.copies[0]?.adopted, false, 'its own copy, made by its first attempt');
    const calls = await copyCalls(target);
    assert.deepEqual(
      calls.map((c) => c.error),
      [undefined],
      'the retry read the copy from the heartbeat instead of asking again',
    );
    const { instanceSnapshot } = await stack.clients
      .forRegion('eu-west-1')
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: target }));
    const tags = new Map((instanceSnapshot?.tags ?? []).map((t) => [t.key, t.value]));
    assert.equal(tags.get(RUN_TAG_KEY), handle.workflowId);
  });

  it('still copies when 30% of Lightsail calls are throttled', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'throttled');
    await stack.control.clearAudit();
    await stack.control.setFaults([{ probability: 0.3, errors: ['ThrottlingException'] }]);
    const result: CopySnapshotResult = await (
      await start({
        sourceRegion: 'us-east-1',
        targetRegions: ['eu-west-1', 'ca-central-1'],
        source: { type: 'manual', snapshotName },
      })
    ).result();
    assert.equal(result.copies.length, 2);
    const audit = await stack.control.audit();
    const throttled = audit.filter((c) => c.error === 'ThrottlingException').length;
    assert.ok(throttled > 0, 'the fault rule throttled some calls');
    const name = result.copies[0]!.snapshotName;
    const successfulCopies = (await copyCalls(name)).filter((c) => !c.error);
    assert.equal(successfulCopies.length, 2, 'one successful CopySnapshot per region');
  });

  it('completes after the worker is stopped and restarted in the middle of the wait, with exactly one CopySnapshot', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'restart');
    const taskQueue = `restart-${randomUUID().slice(0, 8)}`;
    const first = await stack.startWorker(taskQueue);
    await stack.control.setTimeScale(60); // a cross-region copy now takes about 5 s
    const target = `${snapshotName}-dr`;
    const handle = await start(
      {
        sourceRegion: 'us-east-1',
        targetRegions: 'eu-west-1',
        source: { type: 'manual', snapshotName },
        targetSnapshotName: target,
      },
      taskQueue,
    );
    await waitUntil('the CopySnapshot call', async () =>
      (await copyCalls(target)).length > 0 ? true : undefined,
    );
    await first.stop();

    const during = await handle.describe();
    assert.equal(during.status.name, 'RUNNING');
    const { instanceSnapshot } = await stack.clients
      .forRegion('eu-west-1')
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: target }));
    assert.equal(
      instanceSnapshot?.state,
      'pending',
      'the worker stopped while the copy was still in progress',
    );

    const second = await stack.startWorker(taskQueue);
    try {
      const result: CopySnapshotResult = await handle.result();
      assert.equal(result.copies[0]?.snapshotName, target);
      assert.equal((await copyCalls(target)).length, 1);
    } finally {
      await second.stop();
    }
  });

  it('refuses a bad input at workflow start with a non-retryable InvalidInput naming the field', async () => {
    const failure = await expectFailure(
      (
        await start({
          sourceRegion: 'us-east-1',
          targetRegions: ['mars-north-1'],
          source: { type: 'manual', snapshotName: 'x' },
        } as unknown as CopySnapshotInput)
      ).result(),
    );
    assert.equal(failure.type, 'InvalidInput');
    assert.match(failure.message, /targetRegions\[0\]/);
    assert.match(failure.message, /snapshotName/);
  });
});

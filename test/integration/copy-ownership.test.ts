import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import {
  DeleteInstanceSnapshotCommand,
  GetInstanceSnapshotCommand,
  TagResourceCommand,
  type Tag,
} from '@aws-sdk/client-lightsail';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import { nameLockId } from '../../src/locks/name-lock-keys';
import {
  COPY_SNAPSHOT_WORKFLOW,
  type CopySnapshotInput,
  type CopySnapshotResult,
} from '../../src/schemas/copy-snapshot';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import type { copySnapshotAcrossRegions } from '../../workflows';
import { expectFailure } from '../support/failures';
import { createInstance, createInstanceSnapshot, uniqueName, waitUntil } from '../support/fixtures';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';

const EventType = temporal.api.enums.v1.EventType;

/**
 * Ownership under concurrency: two copy runs overlapping on one source and one name never share,
 * re-tag or delete each other's snapshots, as the emulator's audit and state show.
 */
describe('copySnapshotAcrossRegions: runs that overlap never touch what the other made', function () {
  this.timeout(120_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  afterEach(async () => {
    await stack.control.clearFaults();
    await stack.control.setTimeScale(TEST_TIME_SCALE);
  });

  function start(input: CopySnapshotInput): Promise<WorkflowHandle<typeof copySnapshotAcrossRegions>> {
    return stack.client.workflow.start<typeof copySnapshotAcrossRegions>(COPY_SNAPSHOT_WORKFLOW, {
      taskQueue: stack.sharedTaskQueue,
      workflowId: `test-race-${randomUUID()}`,
      args: [{ poll: TEST_POLL, ...input }],
    });
  }

  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function snapshotTags(region: string, name: string): Promise<Map<string, string> | undefined> {
    try {
      const { instanceSnapshot } = await stack.clients
        .forRegion(region)
        .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: name }));
      return new Map((instanceSnapshot?.tags ?? []).map((t: Tag) => [t.key ?? '', t.value ?? '']));
    } catch {
      return undefined;
    }
  }

  /** Every run id any TagResource call put on `name`: one run tagging another's copy shows here. */
  async function runsTagging(name: string): Promise<Set<string>> {
    const calls = await stack.control.audit({ action: 'TagResource' });
    const runs = new Set<string>();
    for (const c of calls) {
      const p = c.params as { resourceName?: string; tags?: Tag[] };
      if (p.resourceName !== name || c.error) continue;
      for (const t of p.tags ?? []) if (t.key === RUN_TAG_KEY) runs.add(t.value ?? '');
    }
    return runs;
  }

  async function deletesOf(name: string) {
    return (await stack.control.audit({ action: 'DeleteInstanceSnapshot' })).filter(
      (c) => (c.params as { instanceSnapshotName?: string }).instanceSnapshotName === name,
    );
  }

  it('two runs on one source with the default name, 0.2 s apart: each makes, tags and keeps its own copy', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'race-default');
    const input: CopySnapshotInput = {
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
    };
    const first = await start(input);
    await pause(200);
    const second = await start(input);
    const [a, b] = await Promise.all([first.result(), second.result()]);

    const nameA = a.copies[0]!.snapshotName;
    const nameB = b.copies[0]!.snapshotName;
    assert.notEqual(nameA, nameB, 'default names are unique per run');
    assert.match(nameA, new RegExp(`^${snapshotName}-copy-\\d{4}-\\d{2}-\\d{2}-\\d{4}-[0-9a-f]{8}$`));
    assert.deepEqual([a.copies[0]!.adopted, b.copies[0]!.adopted], [false, false], 'nothing adopted');
    for (const [name, run] of [
      [nameA, first.workflowId],
      [nameB, second.workflowId],
    ] as const) {
      assert.equal((await snapshotTags('eu-west-1', name))?.get(RUN_TAG_KEY), run);
      assert.deepEqual([...(await runsTagging(name))], [run], `${name} is tagged by its own run only`);
      assert.equal((await deletesOf(name)).length, 0);
    }
  });

  it('two runs racing for one explicit name with a throttled first call: one copies, the other fails at once with TargetNameTaken naming it and makes nothing', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'race-named');
    const target = `${snapshotName}-dr`;
    await stack.control.setFaults([{ actions: ['CopySnapshot'], errors: ['ThrottlingException'], count: 1 }]);
    const input: CopySnapshotInput = {
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
      targetSnapshotName: target,
    };
    const runs = [await start(input), await start(input)];
    const outcomes = await Promise.allSettled(runs.map((r) => r.result()));
    const won = outcomes.findIndex((o) => o.status === 'fulfilled');
    assert.notEqual(won, -1, 'one run copies');
    const lost = 1 - won;
    const failure = await expectFailure(runs[lost]!.result());
    assert.equal(failure.type, 'TargetNameTaken');
    assert.match(
      failure.message,
      new RegExp(runs[won]!.workflowId),
      'the failure names the run holding the name',
    );

    assert.equal((await snapshotTags('eu-west-1', target))?.get(RUN_TAG_KEY), runs[won]!.workflowId);
    assert.deepEqual([...(await runsTagging(target))], [runs[won]!.workflowId]);
    assert.equal((await deletesOf(target)).length, 0);
    const copies = (await stack.control.audit({ action: 'CopySnapshot' })).filter(
      (c) => (c.params as { targetSnapshotName?: string }).targetSnapshotName === target && !c.error,
    );
    assert.equal(copies.length, 1, 'one copy was made, by the winner');
    const lostProgress = await runs[lost]!.query<RunProgress>(PROGRESS_QUERY);
    assert.deepEqual(lostProgress.resources, [], 'the loser touched nothing');
  });

  it('a copy to a chosen name holds its lock while it runs and lets its end end the lock: no release signal, at most 29 events', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'lock-ends');
    const target = `${snapshotName}-dr`;
    const lock = stack.client.workflow.getHandle(
      nameLockId({ region: 'eu-west-1', kind: 'Snapshot', name: target }),
    );
    await stack.control.setTimeScale(60); // about 5 s a copy: the lock is seen held
    const run = await start({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
      targetSnapshotName: target,
    });
    await waitUntil('the copy to exist', async () =>
      (await snapshotTags('eu-west-1', target)) ? true : undefined,
    );
    const held = await lock.describe();
    assert.equal(held.status.name, 'RUNNING');
    assert.equal(held.parentExecution?.workflowId, run.workflowId, 'the run holds the lock');

    await run.result();
    const events = (await run.fetchHistory()).events ?? [];
    const signals = events.filter(
      (e) => e.eventType === EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
    );
    assert.equal(signals.length, 0, 'the run does not signal its lock');
    // 24 for a copy, the lock's start 5 more; 34 when the run signalled its lock before its end.
    assert.ok(events.length <= 29, `${events.length} events for a copy to a chosen name`);
    await waitUntil('the server to end the lock with its run', async () =>
      (await lock.describe()).status.name === 'TERMINATED' ? true : undefined,
    );
  });

  it("two runs on one explicit name where the loser's restore would fail: the winner's copy survives and the winner completes", async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'race-restore');
    const target = `${snapshotName}-dr`;
    // The loser restores to a name someone else's instance holds, so its restore would fail.
    const taken = uniqueName('taken');
    await createInstance(stack.clients, 'eu-west-1', taken);
    const base: CopySnapshotInput = {
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual' as const, snapshotName },
      targetSnapshotName: target,
    };
    const winner = await start({ ...base, restore: { instanceName: uniqueName('restored') } });
    await waitUntil('the winner to start copying', async () =>
      (await stack.control.audit({ action: 'CopySnapshot' })).some(
        (c) => (c.params as { targetSnapshotName?: string }).targetSnapshotName === target,
      )
        ? true
        : undefined,
    );
    const loser = await start({ ...base, restore: { instanceName: taken } });

    const failure = await expectFailure(loser.result());
    assert.equal(failure.type, 'TargetNameTaken');
    const result: CopySnapshotResult = await winner.result();
    assert.equal(result.copies[0]?.snapshotName, target);
    assert.equal((await snapshotTags('eu-west-1', target))?.get(RUN_TAG_KEY), winner.workflowId);
    assert.equal((await deletesOf(target)).length, 0, "nobody deleted the winner's copy");
    assert.deepEqual([...(await runsTagging(target))], [winner.workflowId]);
  });

  it('a compensation re-reads the run tag and keeps a copy that is no longer tagged as its own, saying so', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'retagged');
    const target = `${snapshotName}-dr`;
    const taken = uniqueName('taken');
    await createInstance(stack.clients, 'eu-west-1', taken);
    // The restore (which fails: its name is taken) waits long enough for the copy to change hands.
    await stack.control.setFaults([{ actions: ['CreateInstancesFromSnapshot'], latencyMs: 1500 }]);
    const run = await start({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
      targetSnapshotName: target,
      restore: { instanceName: taken },
    });
    await waitUntil(
      'the restore to be asked for',
      async () =>
        (await run.query<RunProgress>(PROGRESS_QUERY)).steps.find((s) => s.id === 'restore@eu-west-1')
          ?.state === 'running'
          ? true
          : undefined,
      20_000,
    );
    await stack.clients.forRegion('eu-west-1').send(
      new TagResourceCommand({
        resourceName: target,
        tags: [{ key: RUN_TAG_KEY, value: 'someone-else' }],
      }),
    );
    const failure = await expectFailure(run.result());
    assert.equal(failure.type, 'InstanceNameTaken');
    assert.equal((await deletesOf(target)).length, 0, 'the copy is not deleted');
    assert.equal((await snapshotTags('eu-west-1', target))?.get(RUN_TAG_KEY), 'someone-else');
    const progress = await run.query<RunProgress>(PROGRESS_QUERY);
    const kept = progress.resources.find((r) => r.name === target && r.action === 'kept');
    assert.ok(kept, 'the progress says the copy was kept');
    assert.match(kept.note ?? '', /someone-else/);
  });

  it('a copy deleted by hand while the run waits on it fails the run promptly with ResourceVanished naming it', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'vanish');
    const target = `${snapshotName}-dr`;
    // About 5 real seconds a copy, so the delete lands mid-wait.
    await stack.control.setTimeScale(60);
    const run = await start({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
      targetSnapshotName: target,
    });
    await waitUntil('the copy to exist', async () =>
      (await snapshotTags('eu-west-1', target)) ? true : undefined,
    );
    await stack.clients
      .forRegion('eu-west-1')
      .send(new DeleteInstanceSnapshotCommand({ instanceSnapshotName: target }));
    const deletedAt = Date.now();
    const failure = await expectFailure(run.result());
    const tookMs = Date.now() - deletedAt;
    assert.equal(failure.type, 'ResourceVanished');
    assert.match(failure.message, new RegExp(target));
    // The copy completes 5 s after it began; then 12 poll intervals (1.2 s here) and a retry or two.
    assert.ok(tookMs < 15_000, `failed ${tookMs} ms after the delete, not at the poll timeout`);
    const progress = await run.query<RunProgress>(PROGRESS_QUERY);
    assert.equal(progress.status, 'failed');
  });
});

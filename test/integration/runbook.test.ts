import { strict as assert } from 'node:assert';
import {
  CopySnapshotCommand,
  GetInstanceSnapshotsCommand,
  type InstanceSnapshot,
} from '@aws-sdk/client-lightsail';
import { SERIES_TAG_KEY } from '../../src/lightsail/ownership';
import { describeRun, type RunDetails } from '../../src/runs/inspect';
import { createSchedule, deleteSchedule, describeSchedule, pauseSchedule } from '../../src/runs/schedules';
import type { CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import { createInstance, uniqueName, waitUntil } from '../support/fixtures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

/** The nightly DR runbook of the README: snapshot an instance, copy it to the DR region, keep the newest N. */
describe('the snapshot-and-copy runbook on a schedule, on the dev server against the emulator', function () {
  this.timeout(180_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  async function seriesIn(region: string, series: string): Promise<InstanceSnapshot[]> {
    const out = await stack.clients.forRegion(region).send(new GetInstanceSnapshotsCommand({}));
    return (out.instanceSnapshots ?? []).filter((s) =>
      s.tags?.some((t) => t.key === SERIES_TAG_KEY && t.value === series),
    );
  }

  it('fires every few seconds, snapshots and copies each time, and keeps only the newest two of the series in both regions', async () => {
    const instanceName = uniqueName('runbook');
    await createInstance(stack.clients, 'us-east-1', instanceName);
    const series = uniqueName('nightly-dr');
    const scheduleId = uniqueName('runbook-schedule');
    await createSchedule(stack.client, stack.sharedTaskQueue, {
      scheduleId,
      procedure: 'copy-snapshot',
      every: '3s',
      input: {
        sourceRegion: 'us-east-1',
        targetRegions: 'eu-west-1',
        source: { type: 'instance', instanceName },
        tags: { purpose: 'dr' },
        retention: { series, keep: 2 },
        poll: TEST_POLL,
      },
    });
    const runsOfSchedule = async () => {
      const { recentRuns } = await describeSchedule(stack.client, scheduleId);
      return Promise.all(recentRuns.map((r) => describeRun(stack.client, r.runId)));
    };
    let runs: RunDetails[];
    try {
      await waitUntil(
        'three completed runs',
        async () =>
          (await runsOfSchedule()).filter((d) => d.status === 'completed').length >= 3 ? true : undefined,
        120_000,
      );
      // Stop firing, and let a run still in flight finish, so the series is counted at rest.
      await pauseSchedule(stack.client, scheduleId);
      runs = await waitUntil('no run of the schedule running', async () => {
        const all = await runsOfSchedule();
        return all.every((d) => d.status !== 'running')
          ? all.filter((d) => d.status === 'completed')
          : undefined;
      });
    } finally {
      await deleteSchedule(stack.client, scheduleId);
    }
    const third = runs[2]!.result as CopySnapshotResult;
    assert.equal(third.source.type, 'instance');
    assert.match(
      third.copies[0]!.snapshotName,
      new RegExp(`^${instanceName}-\\d{4}-\\d{2}-\\d{2}-\\d{6}-[0-9a-f]{8}$`),
    );
    // Wait for any run still in flight when the schedule was deleted.
    await waitUntil('no run left running', async () => {
      const { recentRuns } = await describeSchedule(stack.client, scheduleId).catch(() => ({
        recentRuns: [],
      }));
      return recentRuns.length === 0 ? true : undefined;
    }).catch(() => undefined);
    for (const region of ['us-east-1', 'eu-west-1']) {
      const kept = await seriesIn(region, series);
      assert.equal(kept.length, 2, `${region} keeps two: ${kept.map((s) => s.name).join(', ')}`);
    }
    const deleted = runs
      .flatMap((r) => (r.result as CopySnapshotResult).retention ?? [])
      .flatMap((r) => r.deleted);
    assert.ok(deleted.length >= 2, `the oldest were deleted in both regions: ${deleted.join(', ')}`);
    const copy = (await seriesIn('eu-west-1', series))[0]!;
    assert.ok(copy.tags?.some((t) => t.key === 'purpose' && t.value === 'dr'));
  });

  it('never deletes a snapshot outside the series, even one of the same instance', async () => {
    const instanceName = uniqueName('runbook-own');
    await createInstance(stack.clients, 'us-east-1', instanceName);
    const series = uniqueName('series');
    const start = (id: string) =>
      stack.client.workflow
        .start('copySnapshotAcrossRegions', {
          taskQueue: stack.sharedTaskQueue,
          workflowId: id,
          args: [
            {
              sourceRegion: 'us-east-1',
              targetRegions: 'eu-west-1',
              source: { type: 'instance', instanceName },
              retention: { series, keep: 1 },
              poll: TEST_POLL,
            },
          ],
        })
        .then((h) => h.result() as Promise<CopySnapshotResult>);
    const first = await start(uniqueName('own-1'));
    // A snapshot of the same instance the user made by hand, outside the series.
    const mine = `${instanceName}-by-hand`;
    await stack.clients.forRegion('eu-west-1').send(
      new CopySnapshotCommand({
        sourceRegion: 'us-east-1',
        sourceSnapshotName: first.source.name,
        targetSnapshotName: mine,
      }),
    );
    await new Promise((r) => setTimeout(r, 1100)); // a new second for the next snapshot's name
    const second = await start(uniqueName('own-2'));
    assert.deepEqual(second.retention?.find((r) => r.region === 'eu-west-1')?.deleted, [
      first.copies[0]!.snapshotName,
    ]);
    const names = (
      await stack.clients.forRegion('eu-west-1').send(new GetInstanceSnapshotsCommand({}))
    ).instanceSnapshots!.map((s) => s.name);
    assert.ok(names.includes(mine), 'the snapshot made by hand is still there');
  });
});

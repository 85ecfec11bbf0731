import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { testStack } from '../support/stack';

const DIR = join(__dirname, '..', 'histories');

/** The files are proto3 JSON, written by History.toJSON in scripts/record-histories.ts. */
const historyFromJSON = (json: unknown) =>
  temporal.api.history.v1.History.fromObject(json as Record<string, unknown>);
/**
 * The current histories, and in subfolders those recorded before a patch (named after it), which
 * prove that runs started before the patch still replay on their old path.
 */
const histories = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

/**
 * Each recorded history (`npm run histories:record`) replayed against the current workflow code:
 * a change that would make runs in flight take another path fails here, not in production.
 */
describe('replay of recorded histories against the current workflows', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(600_000);
    await testStack(); // for its workflow bundle
  });

  it('has a success and a failure history of every procedure', () => {
    for (const workflow of ['copySnapshotAcrossRegions', 'blueGreenDeploy', 'exportToEc2']) {
      const mine = histories.filter((f) => f.startsWith(`${workflow}-`));
      assert.ok(
        histories.some((f) => f.includes('/') && f.includes(`/${workflow}-`)),
        `${workflow} has a history from before`,
      );
      assert.ok(mine.length >= 2, `${workflow} has ${mine.length} histories`);
    }
    // Newer procedures: no runs from before a patch, but a success and a failure each.
    for (const workflow of ['migrateInstance', 'failoverToRegion', 'drDrill']) {
      const mine = histories.filter((f) => f.startsWith(`${workflow}-`));
      assert.ok(mine.length >= 2, `${workflow} has ${mine.length} histories`);
    }
  });

  for (const file of histories) {
    it(`replays ${file} without a determinism error`, async () => {
      const history = historyFromJSON(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: (await testStack()).bundle }, history, file);
    });
  }

  it('records a copy to one region in at most 25 events', () => {
    // Issue 21's budget for a copy: checks as local activities, the copy tagged in its own activity.
    const json = JSON.parse(readFileSync(join(DIR, 'copySnapshotAcrossRegions-success.json'), 'utf8')) as {
      events: unknown[];
    };
    assert.ok(json.events.length <= 25, `${json.events.length} events`);
  });

  it('fails a history whose recorded commands differ from what the code does now', async () => {
    const json = JSON.parse(readFileSync(join(DIR, 'copySnapshotAcrossRegions-success.json'), 'utf8')) as {
      events: { activityTaskScheduledEventAttributes?: { activityType: { name: string } } }[];
    };
    const scheduled = json.events.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType.name = 'anActivityTheCodeNeverCalls';
    await assert.rejects(
      Worker.runReplayHistory(
        { workflowBundle: (await testStack()).bundle },
        historyFromJSON(json),
        'tampered',
      ),
      (err: unknown) => err instanceof DeterminismViolationError,
    );
  });
});

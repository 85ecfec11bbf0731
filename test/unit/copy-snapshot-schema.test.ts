import { strict as assert } from 'node:assert';
import { CopySnapshotInput } from '../../src/schemas/copy-snapshot';
import { formatIssues } from '../../src/schemas/format-issues';

function errorsOf(input: unknown): string {
  const parsed = CopySnapshotInput.safeParse(input);
  assert.equal(parsed.success, false, 'the input should be refused');
  return formatIssues(parsed.error);
}

const manual = {
  sourceRegion: 'us-east-1',
  targetRegions: 'eu-west-1',
  source: { type: 'manual', snapshotName: 'web-1' },
};

describe('copySnapshotAcrossRegions input schema', () => {
  it('accepts one target region as a string and normalises it to a list, filling defaults', () => {
    const parsed = CopySnapshotInput.parse(manual);
    assert.deepEqual(parsed.targetRegions, ['eu-west-1']);
    assert.deepEqual(parsed.tags, {});
    assert.deepEqual(parsed.poll, {
      initialIntervalSeconds: 5,
      maximumIntervalSeconds: 60,
      backoffCoefficient: 1.5,
      timeoutMinutes: 720,
    });
  });

  it('accepts an automatic source with a restore date or with the latest snapshot', () => {
    for (const source of [
      { type: 'automatic', resourceName: 'web-1', restoreDate: '2026-11-20' },
      { type: 'automatic', resourceName: 'web-1', useLatestRestorableAutoSnapshot: true },
    ]) {
      assert.equal(CopySnapshotInput.safeParse({ ...manual, source }).success, true);
    }
  });

  it('refuses an unknown region, naming the field and listing the regions', () => {
    const errors = errorsOf({ ...manual, targetRegions: ['eu-west-1', 'mars-1'] });
    assert.match(errors, /^targetRegions\[1\]: must be a Lightsail region \(us-east-1, /m);
  });

  it('refuses the same target region twice', () => {
    assert.match(
      errorsOf({ ...manual, targetRegions: ['eu-west-1', 'eu-west-1'] }),
      /targetRegions: must not list a region twice/,
    );
  });

  it('refuses an automatic source with both or neither of restoreDate and useLatestRestorableAutoSnapshot', () => {
    const both = {
      type: 'automatic',
      resourceName: 'w',
      restoreDate: '2026-11-20',
      useLatestRestorableAutoSnapshot: true,
    };
    const neither = { type: 'automatic', resourceName: 'web-1' };
    for (const source of [both, neither]) {
      assert.match(
        errorsOf({ ...manual, source }),
        /source\.restoreDate: give exactly one of restoreDate and useLatestRestorableAutoSnapshot/,
      );
    }
  });

  it('refuses a restore date that is not YYYY-MM-DD or not a real date', () => {
    const source = { type: 'automatic', resourceName: 'web-1', restoreDate: '20/11/2026' };
    assert.match(errorsOf({ ...manual, source }), /source\.restoreDate: must be a date in YYYY-MM-DD format/);
    assert.match(
      errorsOf({ ...manual, source: { ...source, restoreDate: '2026-13-45' } }),
      /source\.restoreDate: must be a real calendar date/,
    );
  });

  it('refuses names that break the Lightsail name pattern', () => {
    assert.match(
      errorsOf({ ...manual, targetSnapshotName: '-bad name' }),
      /targetSnapshotName: must start and end with a letter or digit/,
    );
  });

  it('refuses a source without a known type', () => {
    assert.match(
      errorsOf({ ...manual, source: { snapshotName: 'x' } }),
      /source(\.type)?: must have "type": "manual"/,
    );
  });

  it('refuses reserved tag keys and unknown fields', () => {
    assert.match(
      errorsOf({ ...manual, tags: { 'lightsail-flows:run': 'x' } }),
      /tags: tag keys starting with "lightsail-flows:" are reserved/,
    );
    assert.match(errorsOf({ ...manual, targetRegion: 'eu-west-1' }), /Unrecognized key: "targetRegion"/);
  });

  it('refuses a poll schedule whose maximum is below its initial interval', () => {
    assert.match(
      errorsOf({ ...manual, poll: { initialIntervalSeconds: 10, maximumIntervalSeconds: 5 } }),
      /poll\.maximumIntervalSeconds: maximumIntervalSeconds must be at least initialIntervalSeconds/,
    );
  });

  it('accepts an instance source with retention, and refuses its own region as a target', () => {
    const runbook = {
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'instance', instanceName: 'web-1' },
      retention: { series: 'nightly-dr', keep: 7 },
    };
    assert.deepEqual(CopySnapshotInput.parse(runbook).retention, { series: 'nightly-dr', keep: 7 });
    assert.match(
      errorsOf({ ...runbook, targetRegions: ['eu-west-1', 'us-east-1'] }),
      /targetRegions: must not include sourceRegion for an instance source/,
    );
  });

  it('refuses a retention without a series or keeping nothing', () => {
    assert.match(
      errorsOf({ ...manual, retention: { keep: 0, series: 'x' } }),
      /retention\.keep: must keep at least 1/,
    );
    assert.match(
      errorsOf({ ...manual, retention: { keep: 3, series: 'no spaces' } }),
      /retention\.series: must be 1-100/,
    );
  });
});

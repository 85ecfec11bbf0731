import { strict as assert } from 'node:assert';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger, LogLevel, LogMetadata } from '@temporalio/worker';
import { DevLogger } from '../../src/dev/dev-logger';

/** A logger that records what the SDK's default one would have been asked to print. */
function recorder(): Logger & { entries: { level: LogLevel; message: string; meta?: LogMetadata }[] } {
  const entries: { level: LogLevel; message: string; meta?: LogMetadata }[] = [];
  const log = (level: LogLevel, message: string, meta?: LogMetadata) =>
    entries.push({ level, message, meta });
  return {
    entries,
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}

const run = { workflowType: 'copySnapshotAcrossRegions', workflowId: 'copy-snapshot-1a2b3c4d' };

describe('the dev stack worker logger', () => {
  function logger() {
    const lines: string[] = [];
    const fallback = recorder();
    return { lines, fallback, log: new DevLogger('WARN', (l) => lines.push(l), fallback) };
  }

  it('prints one line for an activity that failed with a typed non-retryable ApplicationFailure', () => {
    const { lines, fallback, log } = logger();
    log.warn('Activity failed', {
      ...run,
      activityType: 'inspectSnapshotSource',
      error: ApplicationFailure.nonRetryable(
        'Source snapshot "gone" was not found in us-east-1.',
        'SourceNotFound',
      ),
    });
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^\S+ \[WARN\] Activity failed: copySnapshotAcrossRegions copy-snapshot-1a2b3c4d \(inspectSnapshotSource\): SourceNotFound: Source snapshot "gone" was not found in us-east-1\.$/,
    );
    assert.equal(fallback.entries.length, 0);
  });

  it('prints one line for a workflow failure whose type came as log attributes (the error lost it crossing threads)', () => {
    const { lines, log } = logger();
    log.warn('Workflow failed', {
      ...run,
      error: new Error('Source snapshot "gone" was not found in us-east-1.\nsecond line'),
      failureType: 'SourceNotFound',
      failureNonRetryable: true,
    });
    assert.deepEqual(
      lines.map((l) => l.replace(/^\S+ /, '')),
      [
        '[WARN] Workflow failed: copySnapshotAcrossRegions copy-snapshot-1a2b3c4d: SourceNotFound: Source snapshot "gone" was not found in us-east-1.',
      ],
    );
  });

  it('leaves retryable failures, JavaScript errors and other entries to the default logger, stack and all', () => {
    const { lines, fallback, log } = logger();
    log.warn('Activity failed', {
      ...run,
      error: ApplicationFailure.retryable('slow down', 'ThrottlingException'),
    });
    log.warn('Activity failed', {
      ...run,
      error: ApplicationFailure.nonRetryable('x is undefined', 'TypeError'),
    });
    log.warn('Workflow failed', { ...run, error: new Error('boom') });
    log.error('Worker failed', { error: new Error('boom') });
    assert.deepEqual(lines, []);
    assert.deepEqual(
      fallback.entries.map((e) => e.message),
      ['Activity failed', 'Activity failed', 'Workflow failed', 'Worker failed'],
    );
  });

  it('prints nothing for an expected failure below its level', () => {
    const lines: string[] = [];
    const quiet = new DevLogger('ERROR', (l) => lines.push(l), recorder());
    quiet.warn('Activity failed', {
      ...run,
      error: ApplicationFailure.nonRetryable('gone', 'SourceNotFound'),
    });
    assert.deepEqual(lines, []);
  });
});

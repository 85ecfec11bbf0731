import type { CloudFormationStackRecord, ExportSnapshotRecord } from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import { vanished } from '../src/lightsail/vanished';
import { stillInProgress } from '../src/lightsail/waiting';

export const EXPORT_FAILED = 'ExportFailed';
export const STACK_FAILED = 'StackFailed';

/** Where a wait on a record stands in one listing: done with the record, or still pending (why). */
export type RecordState<T> = { done: T } | { pending: string };

export interface ExportRecordWait {
  region: string;
  snapshotName: string;
  recordName?: string;
  /** Missing for this long since the wait began: ResourceVanished. */
  vanishAfterMs?: number;
}

export interface StackWait {
  region: string;
  recordName: string;
  /** Missing for this long since the wait began: ResourceVanished. */
  vanishAfterMs?: number;
}

/**
 * The export record of this snapshot (by name, or its newest), from one listing; throws when the
 * export Failed or the record has vanished since `waitBeganMs`. One check for both ways of
 * waiting: an activity that checks once, and the record watcher's rounds.
 */
export function exportRecordState(
  records: ExportSnapshotRecord[],
  wait: ExportRecordWait,
  waitBeganMs: number,
): RecordState<{ name: string; arn: string; destinationId: string }> {
  const record = wait.recordName
    ? records.find((r) => r.name === wait.recordName)
    : records
        .filter((r) => r.sourceInfo?.name === wait.snapshotName)
        .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  if (!record) {
    if (wait.recordName && wait.vanishAfterMs !== undefined) {
      const gone = vanished(`Export record ${wait.recordName}`, wait.region, wait.vanishAfterMs, waitBeganMs);
      if (gone) throw gone;
    }
    return { pending: `The export record of ${wait.snapshotName} is not listed yet` };
  }
  if (record.state === 'Failed') {
    throw ApplicationFailure.nonRetryable(
      `The export of ${wait.snapshotName} (${record.name}) failed.`,
      EXPORT_FAILED,
    );
  }
  if (record.state !== 'Succeeded')
    return { pending: `Export ${record.name} is ${record.state ?? 'Started'}` };
  return {
    done: { name: record.name!, arn: record.arn ?? '', destinationId: record.destinationInfo?.id ?? '' },
  };
}

/** The stack record by name, from one listing, as exportRecordState. */
export function stackRecordState(
  records: CloudFormationStackRecord[],
  wait: StackWait,
  waitBeganMs: number,
): RecordState<CloudFormationStackRecord> {
  const record = records.find((r) => r.name === wait.recordName);
  if (!record) {
    if (wait.vanishAfterMs !== undefined) {
      const gone = vanished(`Stack record ${wait.recordName}`, wait.region, wait.vanishAfterMs, waitBeganMs);
      if (gone) throw gone;
    }
    return { pending: `Stack record ${wait.recordName} is not listed yet` };
  }
  if (record.state === 'Failed') {
    throw ApplicationFailure.nonRetryable(
      `The CloudFormation stack of ${wait.recordName} failed.`,
      STACK_FAILED,
    );
  }
  if (record.state !== 'Succeeded')
    return { pending: `Stack ${record.name} is ${record.state ?? 'Started'}` };
  return { done: record };
}

/** For an activity that checks once: the record, or StillInProgress (its retry policy polls). */
export function doneOrStillInProgress<T>(state: RecordState<T>): T {
  if ('pending' in state) throw stillInProgress(state.pending);
  return state.done;
}

/** For the watcher: the record, or undefined while it is pending. */
export function pendingAsUndefined<T>(state: RecordState<T>): T | undefined {
  return 'pending' in state ? undefined : state.done;
}

import { patched, workflowInfo, type RetryPolicy } from '@temporalio/workflow';
import { proxyActivitiesWithSummaries, proxyLocalActivitiesWithSummaries } from './activity-summaries';
import type { Activities } from '../../activities';
import type { OperationRef } from '../../src/lightsail/operations';
import type { PollSchedule } from '../../src/schemas/common';
import { waitsTaskQueue } from '../../src/schemas/wait-reader';

/**
 * The ways a workflow calls activities:
 * - calls: one Lightsail action; retried with backoff on throttling and service errors;
 * - shortWaits: an action plus a wait of seconds inside the activity, which heartbeats;
 * - longWaits: a check that throws StillInProgress until done, so the retry policy is the poll
 *   schedule and the history does not grow with the length of the wait;
 * - awaitOperations: waits on Lightsail operations in one activity that a worker's shared
 *   watcher completes asynchronously (src/temporal/async-waits.ts): it holds no slot while it
 *   waits, costs as few events as a long wait, and one poll a round serves every run waiting in
 *   a region, on every worker, since waits go to the waits queue that one worker reads
 *   (src/schemas/wait-reader.ts); exportWaits: an export's record and stack, the same way;
 * - httpChecks(verification): HTTP checks of a release, timed by how many checks it makes;
 * - healthWatch(watch): a bake's health checks until an end time, in one heartbeating activity;
 * - lockWaits: waiting for another run to let go of a name (workflows/locks);
 * - quickReads, quickCalls: local activities, run inside the workflow task and recorded as one
 *   marker each, for a read or a call expected to answer at once (a check right after the
 *   operations it waits on have succeeded); they retry as longWaits and shortWaits do.
 *
 * Every call carries a one-line summary of what it does, shown in the Web UI's history.
 */
export function activityProxies(poll: PollSchedule) {
  // The poll schedule as a retry policy. No attempt limit: the wait ends when the check
  // succeeds, fails for good, or scheduleToCloseTimeout (poll.timeoutMinutes) passes.
  const pollRetry: RetryPolicy = {
    initialInterval: `${poll.initialIntervalSeconds * 1000} milliseconds`,
    backoffCoefficient: poll.backoffCoefficient,
    maximumInterval: `${poll.maximumIntervalSeconds * 1000} milliseconds`,
  };
  // Start-to-close timeouts are short on purpose: they bound how long a run waits to retry an
  // activity whose worker died mid-task (a worker restart, a deploy).
  const calls = proxyActivitiesWithSummaries<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: CALL_RETRY,
  });
  const shortWaits = proxyActivitiesWithSummaries<Activities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
    retry: CALL_RETRY,
  });
  const longWaits = proxyActivitiesWithSummaries<Activities>({
    startToCloseTimeout: '20 seconds',
    scheduleToCloseTimeout: `${poll.timeoutMinutes} minutes`,
    retry: pollRetry,
  });
  const operationWaits = proxyActivitiesWithSummaries<Activities>({
    startToCloseTimeout: `${poll.timeoutMinutes} minutes`,
    scheduleToCloseTimeout: `${poll.timeoutMinutes} minutes`,
    // A dead worker's waits move to another worker after this long.
    heartbeatTimeout: '20 seconds',
    retry: HELD_WAIT_RETRY,
  });
  // A wait completed asynchronously: the start-to-close timeout is its lease on a worker, so a
  // dead worker's waits are taken over by another after at most this long (see async-waits.ts).
  const asyncWaits = proxyActivitiesWithSummaries<Activities>({
    // The task queue's waits queue, where one worker reads Lightsail for every worker's waits
    // (src/schemas/wait-reader.ts). A run replays the same whichever queue its waits were
    // scheduled on (the replay tests' histories were recorded on the runs' queue), so no patch.
    taskQueue: waitsTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: `${asyncWaitLeaseMs(poll)} milliseconds`,
    scheduleToCloseTimeout: `${poll.timeoutMinutes} minutes`,
    // A lease's end is a retry too: the next attempt follows at once, never after a growing
    // backoff, so no wait goes unwatched for long. Its real failures are not retryable.
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 1 },
  });
  // Waiting its turn for a name another run holds: as long as that run lasts, polled inside.
  const lockWaits = proxyActivitiesWithSummaries<Activities>({
    startToCloseTimeout: `${poll.timeoutMinutes} minutes`,
    heartbeatTimeout: '20 seconds',
    retry: HELD_WAIT_RETRY,
  });
  // A local activity's retries beyond a minute become timers in the history: a check that has to
  // wait after all still waits at the poll schedule, at a few events a round.
  const quickReads = proxyLocalActivitiesWithSummaries<Activities>({
    startToCloseTimeout: '20 seconds',
    scheduleToCloseTimeout: `${poll.timeoutMinutes} minutes`,
    retry: pollRetry,
  });
  const quickCalls = proxyLocalActivitiesWithSummaries<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: CALL_RETRY,
  });
  /** Waits until every operation has succeeded, at the run's poll schedule. */
  const awaitOperations = (operations: OperationRef[]) =>
    patched(ASYNC_OPERATION_WAITS)
      ? asyncWaits.awaitOperations({ operations, poll, completeAsync: true })
      : operationWaits.awaitOperations({ operations, poll });
  /**
   * An export's record and its stack, answered by the worker's record watchers without holding
   * a slot; runs from before async-record-waits poll them as long waits, as they did.
   */
  const exportWaits = {
    awaitExportRecord: (i: Omit<Parameters<Activities['awaitExportRecord']>[0], 'poll' | 'completeAsync'>) =>
      patched(ASYNC_RECORD_WAITS)
        ? asyncWaits.awaitExportRecord({ ...i, poll, completeAsync: true })
        : longWaits.awaitExportRecord(i),
    awaitStack: (i: Omit<Parameters<Activities['awaitStack']>[0], 'poll' | 'completeAsync'>) =>
      patched(ASYNC_RECORD_WAITS)
        ? asyncWaits.awaitStack({ ...i, poll, completeAsync: true })
        : longWaits.awaitStack(i),
  };
  // How long a resource a run waits on may be missing before it counts as vanished (ResourceVanished):
  // twelve first poll intervals, a minute at the default schedule.
  const vanishAfterMs = poll.initialIntervalSeconds * 12 * 1000;
  return {
    calls,
    shortWaits,
    longWaits,
    quickReads,
    quickCalls,
    awaitOperations,
    exportWaits,
    httpChecks,
    healthWatch,
    lockWaits,
    vanishAfterMs,
  };
}

/** A call, or a call and a wait of seconds: backoff on throttling and service errors, 12 attempts. */
const CALL_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  maximumAttempts: 12,
};

/** A wait inside one heartbeating activity, retried without limit when its worker dies. */
const HELD_WAIT_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
};

/** Runs since these patches wait without holding a slot; older runs replay as they ran. */
const ASYNC_OPERATION_WAITS = 'async-operation-waits';
const ASYNC_RECORD_WAITS = 'async-record-waits';

/**
 * How long a worker holds an asynchronous wait before Temporal hands it out again: fifteen of the
 * schedule's longest intervals, at least 10 s and at most 15 minutes. Each renewal costs an
 * activity task on the worker and the server, never an event: 10,000 waits renew 11 a second at
 * 15 minutes, 33 at 5. A shorter lease is a faster take-over only from a worker that crashed: one
 * that stops in good order hands its waits back at once (src/temporal/async-waits.ts). Changing
 * it needs no patch: replay does not compare an activity's timeouts.
 */
export function asyncWaitLeaseMs(poll: PollSchedule): number {
  return Math.min(15 * 60_000, Math.max(10_000, 15 * poll.maximumIntervalSeconds * 1000));
}

/** watchHealth heartbeats every 5 s (activities/http-checks.ts), whatever the check interval. */
const WATCH_HEARTBEAT_TIMEOUT_MS = 20_000;

/**
 * A bake's watch: it may last until `until`, plus one check and room. The heartbeat timeout, not
 * the bake's length, bounds how long a dead worker goes unnoticed; the retried attempt watches
 * only what is left of the bake.
 */
function healthWatch(watch: { until: number; intervalSeconds: number; timeoutSeconds: number }) {
  const perCheckMs = (watch.intervalSeconds + watch.timeoutSeconds) * 1000;
  return proxyActivitiesWithSummaries<Activities>({
    startToCloseTimeout: `${Math.ceil(Math.max(0, watch.until - Date.now()) + perCheckMs + 60_000)} milliseconds`,
    heartbeatTimeout: `${WATCH_HEARTBEAT_TIMEOUT_MS} milliseconds`,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
  });
}

/**
 * HTTP checks of a release: as long as the checks take, plus room; heartbeats after every
 * check, so a dead worker is noticed within one check's time.
 */
function httpChecks(verification: { checks: number; intervalSeconds: number; timeoutSeconds: number }) {
  const perCheckMs = (verification.intervalSeconds + verification.timeoutSeconds) * 1000;
  return proxyActivitiesWithSummaries<Activities>({
    startToCloseTimeout: `${Math.ceil(verification.checks * perCheckMs + 30_000)} milliseconds`,
    heartbeatTimeout: `${Math.ceil(perCheckMs + 30_000)} milliseconds`,
    retry: { initialInterval: '1 second', maximumAttempts: 3 },
  });
}

import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PollSchedule } from '../../src/schemas/common';

/**
 * The three ways a workflow calls activities:
 * - calls: one Lightsail action; retried with backoff on throttling and service errors;
 * - shortWaits: an action plus a wait of seconds inside the activity, which heartbeats;
 * - longWaits: a check that throws StillInProgress until done, so the retry policy is the poll
 *   schedule and the history does not grow with the length of the wait.
 */
export function activityProxies(poll: PollSchedule) {
  // Start-to-close timeouts are short on purpose: they bound how long a run waits to retry an
  // activity whose worker died mid-task (a worker restart, a deploy).
  const calls = proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      maximumAttempts: 12,
    },
  });
  const shortWaits = proxyActivities<Activities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      maximumAttempts: 12,
    },
  });
  const longWaits = proxyActivities<Activities>({
    startToCloseTimeout: '20 seconds',
    scheduleToCloseTimeout: `${poll.timeoutMinutes} minutes`,
    retry: {
      initialInterval: `${poll.initialIntervalSeconds * 1000} milliseconds`,
      backoffCoefficient: poll.backoffCoefficient,
      maximumInterval: `${poll.maximumIntervalSeconds * 1000} milliseconds`,
      // No attempt limit: the wait ends when the check succeeds, fails for good, or
      // scheduleToCloseTimeout (poll.timeoutMinutes) passes.
    },
  });
  return { calls, shortWaits, longWaits };
}

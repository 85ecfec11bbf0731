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
  const calls = proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
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
    startToCloseTimeout: '1 minute',
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

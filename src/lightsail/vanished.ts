import { ApplicationFailure, Context } from '@temporalio/activity';
import { stillInProgress } from './waiting';

export const RESOURCE_VANISHED = 'ResourceVanished';

/**
 * Without a poll schedule to scale it: a minute, the bound docs/guarantees.md documents. Workflows pass
 * twelve first intervals of the run's poll schedule (activityProxies' vanishAfterMs).
 */
export const DEFAULT_VANISH_AFTER_MS = 60_000;

/**
 * What a long wait throws when the resource it waits on is not there. Just after a create,
 * Lightsail's reads may lag its writes, so a missing resource is waited for; once the wait has
 * lasted `afterMs` since its first check (its operations had already succeeded), the resource
 * was deleted under the run: ResourceVanished, not a wait until the poll timeout.
 */
export function missingResource(
  what: string,
  region: string,
  afterMs = DEFAULT_VANISH_AFTER_MS,
): ApplicationFailure {
  return (
    vanished(what, region, afterMs, Context.current().info.scheduledTimestampMs) ??
    stillInProgress(`${what} is not visible in ${region} yet`)
  );
}

/**
 * The ResourceVanished failure once a resource has been missing `afterMs` since `sinceMs`;
 * undefined before that. For waits that run outside their activity's context (async-waits).
 */
export function vanished(
  what: string,
  region: string,
  afterMs: number,
  sinceMs: number,
): ApplicationFailure | undefined {
  const waitedMs = Date.now() - sinceMs;
  if (waitedMs < afterMs) return undefined;
  return ApplicationFailure.nonRetryable(
    `${what} in ${region} vanished: it was not found for ${Math.round(waitedMs / 1000)} s after its operations succeeded. ` +
      'Something deleted it while this run was waiting on it.',
    RESOURCE_VANISHED,
    { what, region },
  );
}

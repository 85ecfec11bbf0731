import type { InitializeMiddleware, MetadataBearer, Pluggable } from '@smithy/types';
import { classifyLightsailError } from './errors';

/** Attempts of one read, the first included. */
export const READ_ATTEMPTS = 3;
const FIRST_PAUSE_MS = 100;

/**
 * Retries a read (a Get* action) that failed transiently, a few times within the call, before
 * the activity's retry policy sees it. An activity that reads a profile or a catalogue makes ten
 * or more calls; retried only as a whole, it succeeds with the product of their odds (0.8^10 ≈ 11%
 * an attempt when one call in five is throttled), and runs its twelve attempts out. A read
 * changes nothing, so asking again is safe; writes keep a single attempt, and Temporal's
 * schedule (visible in the history) stays the one backoff for them. Each attempt passes the
 * observer and the pacer again, so metrics count it and the rate holds.
 */
export function readRetries(): Pluggable<object, MetadataBearer> {
  const retry: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const action = context.commandName?.replace(/Command$/, '') ?? '';
    if (!action.startsWith('Get')) return next(args);
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(args);
      } catch (err) {
        const c = classifyLightsailError(err);
        // An account or region still being set up answers again in minutes: Temporal waits for that.
        if (attempt >= READ_ATTEMPTS || !c.retryable || c.nextRetryDelayMs !== undefined) throw err;
        const pause = FIRST_PAUSE_MS * 2 ** (attempt - 1);
        await new Promise((r) => setTimeout(r, pause / 2 + Math.random() * pause));
      }
    }
  };
  return {
    applyToStack: (stack) =>
      stack.addRelativeTo(retry, {
        relation: 'before',
        toMiddleware: 'lightsailFlowsCallObserver',
        name: 'lightsailFlowsReadRetries',
      }),
  };
}

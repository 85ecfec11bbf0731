import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';

/**
 * The failure a long-wait activity throws when the thing it checks is not done yet. It is
 * retryable, so the activity's retry policy becomes the poll schedule; retries are not written
 * to history, so a wait of hours costs the same few events as a wait of seconds. BENIGN keeps
 * these expected failures out of error logs and failure metrics.
 */
export const STILL_IN_PROGRESS = 'StillInProgress';

export function stillInProgress(message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: STILL_IN_PROGRESS,
    message,
    nonRetryable: false,
    category: ApplicationFailureCategory.BENIGN,
  });
}

/** Sleeps, resolving early with false if the signal aborts (an activity being cancelled). */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

import { ApplicationFailure, isCancellation, TemporalFailure } from '@temporalio/workflow';

/**
 * The run's failure: an ApplicationFailure typed and worded after the root cause, so callers see
 * "SourceNotFound: Source snapshot ... was not found" rather than "Activity task failed".
 * A cancellation stays a cancellation.
 */
export function runFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure || isCancellation(err)) return err;
  const root = rootFailure(err);
  if (!root) return err;
  return ApplicationFailure.create({
    type: root.type ?? undefined,
    nonRetryable: true,
    message: root.message,
    details: root.details ? [...root.details] : undefined,
    cause: err instanceof Error ? err : undefined,
  });
}

export function rootFailure(err: unknown): ApplicationFailure | undefined {
  let e: unknown = err;
  let found: ApplicationFailure | undefined;
  while (e instanceof TemporalFailure || e instanceof Error) {
    if (e instanceof ApplicationFailure) found = e;
    e = e.cause;
  }
  return found;
}

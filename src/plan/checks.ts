import { ApplicationFailure } from '@temporalio/common';
import { STILL_IN_PROGRESS } from '../lightsail/waiting';
import type { PlanCheck } from './plan';

/** Building plan checks, and turning what the activities' reads throw into a check's reason. */

export const passed = (name: string, reason: string, field?: string): PlanCheck => ({
  name,
  status: 'passed',
  reason,
  ...(field ? { field } : {}),
});

export const failed = (name: string, reason: string, field?: string): PlanCheck => ({
  name,
  status: 'failed',
  reason,
  ...(field ? { field } : {}),
});

export const unchecked = (name: string, reason: string, field?: string): PlanCheck => ({
  name,
  status: 'unchecked',
  reason,
  ...(field ? { field } : {}),
});

/**
 * The outcome of a read that an activity would make, as a check: the read's answer passes; a
 * StillInProgress (the run would wait) passes with that said; a refusal the activity would fail
 * the run with (SourceNotFound, NotExportable, ...) fails with its message; anything else
 * (credentials, the network) fails as "could not read Lightsail", since nothing was proved.
 */
export async function readCheck<T>(
  name: string,
  field: string | undefined,
  read: () => Promise<T>,
  describe: (value: T) => string,
): Promise<{ check: PlanCheck; value?: T }> {
  try {
    const value = await read();
    return { check: passed(name, describe(value), field), value };
  } catch (err) {
    return { check: checkFromError(name, field, err) };
  }
}

export function checkFromError(name: string, field: string | undefined, err: unknown): PlanCheck {
  if (err instanceof ApplicationFailure) {
    if (err.type === STILL_IN_PROGRESS) {
      return passed(name, `${err.message}; the run would wait until it is ready`, field);
    }
    if (err.nonRetryable && !isSdkError(err)) return failed(name, err.message, field);
  }
  const message = err instanceof Error ? err.message : String(err);
  const type = err instanceof ApplicationFailure && err.type ? `${err.type}: ` : '';
  return failed(name, `could not read Lightsail: ${type}${message}`, field);
}

/** toTemporalFailure's failures carry the call in their details; the activities' own refusals do not. */
function isSdkError(err: ApplicationFailure): boolean {
  const detail = err.details?.[0] as { action?: unknown } | undefined;
  return typeof detail?.action === 'string';
}

import { ApplicationFailure } from '@temporalio/common';

/**
 * How a failed Lightsail call should be retried, decided by the error's name (Lightsail answers
 * ThrottlingException with HTTP 400, so the status alone would call it permanent).
 */
export interface ErrorClassification {
  /** The Lightsail error name (NotFoundException, ...) or the network error's name or code. */
  type: string;
  message: string;
  retryable: boolean;
  /** Overrides the retry policy's next interval, for errors that clear on a scale of minutes. */
  nextRetryDelayMs?: number;
}

const TRANSIENT = new Set([
  'ThrottlingException',
  'ServiceException',
  'InternalFailure',
  'ServiceUnavailable',
]);
const SETUP_IN_PROGRESS = new Set(['AccountSetupInProgressException', 'RegionSetupInProgressException']);
const PERMANENT = new Set([
  'InvalidInputException',
  'AccessDeniedException',
  'UnauthenticatedException',
  'NotFoundException',
  'OperationFailureException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
]);
/** Lightsail's wording when an input is fine but the resource is busy. */
const TRY_AGAIN = /try again|wait for (it|the .+) to complete|currently in progress/i;
const SETUP_RETRY_DELAY_MS = 60_000;

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export function classifyLightsailError(err: unknown): ErrorClassification {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkErrorShape;
  const type = e.name && e.name !== 'Error' ? e.name : (e.code ?? 'Error');
  const message = e.message ?? String(err);
  const status = e.$metadata?.httpStatusCode;

  if (SETUP_IN_PROGRESS.has(type)) {
    return { type, message, retryable: true, nextRetryDelayMs: SETUP_RETRY_DELAY_MS };
  }
  if (TRANSIENT.has(type) || (status !== undefined && status >= 500))
    return { type, message, retryable: true };
  if (PERMANENT.has(type)) {
    const busy =
      (type === 'InvalidInputException' || type === 'OperationFailureException') && TRY_AGAIN.test(message);
    return { type, message, retryable: busy };
  }
  // No HTTP response at all: a reset connection, a timeout, a refused connection. Lightsail never
  // saw the call or its answer was lost; the activity's idempotency makes a retry safe.
  if (status === undefined) return { type, message, retryable: true };
  // Any other 4xx from the service is a request it will refuse again.
  return { type, message, retryable: false };
}

/**
 * Turns an SDK error into the failure the workflow sees: its type is the Lightsail error name,
 * its message is Lightsail's, and retryability follows the classification.
 */
export function toTemporalFailure(
  err: unknown,
  context: { action: string; region: string },
): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const c = classifyLightsailError(err);
  const meta = (err as SdkErrorShape | undefined)?.$metadata;
  return ApplicationFailure.create({
    type: c.type,
    message: c.message,
    nonRetryable: !c.retryable,
    nextRetryDelay: c.nextRetryDelayMs,
    details: [{ action: context.action, region: context.region, requestId: meta?.requestId ?? null }],
  });
}

/** Whether an SDK error is the named Lightsail error. */
export function isLightsailError(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as SdkErrorShape).name === name;
}

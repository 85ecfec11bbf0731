import { ApplicationFailure } from '@temporalio/common';
import { UserFacingError } from '../user-facing-error';

/**
 * Lightsail could not be read for the DR posture: no credentials, no permission, or nothing
 * answering at the endpoint. Its message names the region and what Lightsail (or the SDK) said,
 * so the CLI prints one line instead of the SDK's stack and the API answers 502 instead of 500.
 */
export class LightsailUnreadable extends UserFacingError {
  constructor(
    readonly region: string,
    cause: unknown,
  ) {
    super(`Could not read Lightsail in ${region}: ${describe(cause)}`, 1, { cause });
  }
}

/** callLightsail's failures carry Lightsail's error name as their type; anything else its message. */
function describe(err: unknown): string {
  if (err instanceof ApplicationFailure) return `${err.type ?? 'Error'}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * What to check, for the CLI: without LIGHTSAIL_ENDPOINT it read AWS, which next to `npm run dev`
 * is rarely what was meant.
 */
export function lightsailReadHint(endpoint: string | undefined): string {
  return endpoint === undefined
    ? 'LIGHTSAIL_ENDPOINT is not set, so this read AWS with the credentials of this environment; next to `npm run dev`, export LIGHTSAIL_ENDPOINT=http://127.0.0.1:4570.'
    : `Check that Lightsail answers at LIGHTSAIL_ENDPOINT (${endpoint}).`;
}

import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
} from '@temporalio/workflow';
import type { Verification } from '../../src/schemas/blue-green-deploy';
import type { activityProxies } from '../support/activity-proxies';
import type { Progress } from '../support/progress';
import { verify } from './deploy-steps';
import type { ReleaseGates } from './gates';

type Proxies = ReturnType<typeof activityProxies>;

/**
 * Runs that started before the bake became one activity wrote a timer and an activity per check;
 * they replay that loop. New runs take the one-activity watch.
 */
export const BAKE_IN_ONE_ACTIVITY = 'bake-in-one-activity';

export const BAKE_HEALTH_CHECK_FAILED = 'BakeHealthCheckFailed';

export interface Bake {
  healthUrl: string;
  verification: Verification;
  /** Epoch ms, workflow time. */
  endsAt: number;
  /** Checks passed before the bake (the verification's): the 'checks passed' fact counts on. */
  passedBefore: number;
}

/**
 * Watches health until the bake ends; returns the checks passed. Throws BakeHealthCheckFailed at
 * the first failed check; returns early when a rollback is requested (the caller acts on it).
 */
export async function bake(
  proxies: Proxies,
  gates: ReleaseGates,
  progress: Progress,
  b: Bake,
): Promise<number> {
  return patched(BAKE_IN_ONE_ACTIVITY)
    ? watchInOneActivity(proxies, gates, progress, b)
    : checkOnTimers(proxies, gates, progress, b);
}

/**
 * The whole bake in one heartbeating activity: the same few events for ten minutes as for ten
 * hours. A rollback request cancels the activity's scope, so the release does not wait for the
 * activity to notice (it does at its next heartbeat).
 */
async function watchInOneActivity(
  { healthWatch }: Proxies,
  gates: ReleaseGates,
  progress: Progress,
  { healthUrl, verification, endsAt, passedBefore }: Bake,
): Promise<number> {
  if (gates.rollbackRequested || Date.now() >= endsAt) return 0;
  progress.detail('bake', `watching until ${clockTime(endsAt)}`);
  const scope = new CancellationScope();
  let ended = false;
  void condition(() => ended || gates.rollbackRequested !== undefined).then(() => {
    if (!ended) scope.cancel();
  });
  try {
    const outcome = await scope.run(() =>
      healthWatch({ until: endsAt, ...verification }).watchHealth({
        baseUrl: healthUrl,
        path: verification.path,
        expectedStatus: verification.expectedStatus,
        intervalSeconds: verification.intervalSeconds,
        timeoutSeconds: verification.timeoutSeconds,
        until: endsAt,
      }),
    );
    if (outcome.failure) throw healthCheckFailed(outcome.failure);
    progress.detail('bake', `${bakeCount(outcome.passed, passedBefore)} until ${clockTime(endsAt)}`);
    progress.fact('checks passed', passedBefore + outcome.passed);
    return outcome.passed;
  } catch (err) {
    // Cancelled by the rollback request: the caller rolls back. A cancelled run rethrows.
    if (gates.rollbackRequested && isCancellation(err)) return 0;
    throw err;
  } finally {
    ended = true;
  }
}

/**
 * The loop runs in flight before BAKE_IN_ONE_ACTIVITY wrote: a timer and an activity per check,
 * about ten events a check. Kept unchanged so their histories replay; new runs never take it.
 */
async function checkOnTimers(
  proxies: Proxies,
  gates: ReleaseGates,
  progress: Progress,
  { healthUrl, verification, endsAt, passedBefore }: Bake,
): Promise<number> {
  let passed = 0;
  while (Date.now() < endsAt) {
    const wait = Math.min(verification.intervalSeconds * 1000, endsAt - Date.now());
    if (await gates.rollbackWithin(wait)) break;
    if (Date.now() >= endsAt) break;
    const check = await verify(proxies, healthUrl, { ...verification, checks: 1 }, progress, 'bake');
    if (check.failure) throw healthCheckFailed(check.failure);
    passed++;
    // verify() left "1 of 1 checks passed" on the step: say what the bake has counted so far.
    // Progress is not recorded in history, so this replays as before.
    progress.detail('bake', bakeCount(passed, passedBefore));
    progress.fact('checks passed', passedBefore + passed);
  }
  return passed;
}

/**
 * The bake's own checks, with the total the 'checks passed' fact shows (which counts the
 * verification's too), so the step and the fact never seem to disagree.
 */
function bakeCount(passed: number, passedBefore: number): string {
  return `${passed} checks passed (${passedBefore + passed} counting the verification)`;
}

function healthCheckFailed(failure: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `Health check failed during the bake: ${failure}`,
    BAKE_HEALTH_CHECK_FAILED,
  );
}

/** HH:MM:SS UTC: the workflow's clock is UTC, and whoever reads the progress may be anywhere. */
function clockTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

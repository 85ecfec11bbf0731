import { ApplicationFailure } from '@temporalio/workflow';
import type { DeploymentSpec, Verification } from '../../src/schemas/blue-green-deploy';
import type { activityProxies } from '../support/activity-proxies';
import type { Progress } from '../support/progress';
import { runOwnsNames } from '../support/run-names';

export const DEPLOYMENT_FAILED = 'DeploymentFailed';
export const VERIFICATION_FAILED = 'VerificationFailed';
export const RELEASE_ROLLED_BACK = 'ReleaseRolledBack';

type Proxies = ReturnType<typeof activityProxies>;

/**
 * Creates a deployment and waits for that deployment (not the service) to end ACTIVE or FAILED.
 * On FAILED it throws DeploymentFailed with the container log's last lines: Lightsail keeps the
 * previous deployment active, so nothing needs undoing.
 */
export async function deployAndWait(
  { calls, longWaits, vanishAfterMs }: Proxies,
  input: { region: string; serviceName: string; spec: DeploymentSpec },
  progress: Progress,
  step: string,
): Promise<number> {
  await longWaits.awaitServiceSettled({ region: input.region, serviceName: input.serviceName });
  // The run holds the service's lock (blueGreenDeploy), so a version after this one that a
  // retry finds is its own; runs from before replay without the read.
  const owned = runOwnsNames();
  const afterVersion = owned
    ? await calls.latestDeploymentVersion({ region: input.region, serviceName: input.serviceName })
    : undefined;
  const { version } = await calls.createDeployment({
    ...input,
    ...(afterVersion !== undefined ? { afterVersion } : {}),
  });
  progress.detail(step, `version ${version} activating`);
  const outcome = await longWaits.awaitDeployment({
    region: input.region,
    serviceName: input.serviceName,
    version,
    containerName: input.spec.publicEndpoint.containerName,
    ...(owned ? { vanishAfterMs } : {}),
  });
  if (outcome.state === 'FAILED') {
    throw ApplicationFailure.create({
      type: DEPLOYMENT_FAILED,
      nonRetryable: true,
      message:
        `Deployment ${version} of ${input.serviceName} failed; Lightsail keeps the previous deployment active.` +
        (outcome.logTail.length > 0 ? ` Last log lines:\n${outcome.logTail.join('\n')}` : ''),
      details: [{ version, logTail: outcome.logTail }],
    });
  }
  progress.detail(step, `version ${version} active`);
  return version;
}

/** Verifies a URL as the input asks; returns the failure's description, or undefined if it passed. */
export async function verify(
  { httpChecks }: Proxies,
  baseUrl: string,
  verification: Verification,
  progress: Progress,
  step: string,
): Promise<{ passed: number; failure?: string }> {
  const outcome = await httpChecks(verification).verifyEndpoint({ baseUrl, ...verification });
  progress.detail(
    step,
    outcome.failure
      ? `${outcome.passed} of ${verification.checks} checks passed; then ${outcome.failure}`
      : `${outcome.passed} of ${verification.checks} checks passed`,
  );
  return outcome;
}

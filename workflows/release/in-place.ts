import { ApplicationFailure } from '@temporalio/workflow';
import type { BlueGreenDeployParsedInput, BlueGreenDeployResult } from '../../src/schemas/blue-green-deploy';
import type { activityProxies } from '../support/activity-proxies';
import type { Progress } from '../support/progress';
import { inPlaceSteps } from '../../src/plan/steps/blue-green-deploy';
import { deployAndWait, RELEASE_ROLLED_BACK, verify } from './deploy-steps';

type InPlaceInput = Extract<BlueGreenDeployParsedInput, { strategy: 'in-place' }>;

/**
 * Deploys to the service itself, verifies the new deployment over HTTP, and on a failed
 * verification deploys the previous version's specification again (Lightsail has no rollback
 * action) before failing the run.
 */
export async function releaseInPlace(
  input: InPlaceInput,
  proxies: ReturnType<typeof activityProxies>,
  progress: Progress,
): Promise<Omit<BlueGreenDeployResult, 'steps'>> {
  for (const step of inPlaceSteps(input)) progress.plan(step.id, step.title);

  const service = await progress.run('inspect', () =>
    proxies.longWaits.awaitServiceSettled({ region: input.region, serviceName: input.serviceName }),
  );
  const previous = service.current;
  progress.fact('serving', input.serviceName);
  if (previous) progress.fact('previous version', previous.version);
  if (!service.url) {
    throw ApplicationFailure.nonRetryable(
      `Container service ${input.serviceName} has no public URL to verify`,
      'ServiceHasNoUrl',
    );
  }

  const version = await progress.run('deploy', () =>
    deployAndWait(
      proxies,
      { region: input.region, serviceName: input.serviceName, spec: input.deployment },
      progress,
      'deploy',
    ),
  );
  progress.fact('new version', version);

  const outcome = await progress.run('verify', () =>
    verify(proxies, service.url!, input.verification, progress, 'verify'),
  );
  progress.fact('checks passed', outcome.passed);
  if (!outcome.failure) {
    return {
      strategy: 'in-place',
      serving: input.serviceName,
      version,
      previous: previous ? { service: input.serviceName, version: previous.version } : undefined,
      checksPassed: outcome.passed,
    };
  }

  if (!previous) {
    throw ApplicationFailure.nonRetryable(
      `Verification failed (${outcome.failure}) and ${input.serviceName} had no earlier deployment to go back to.`,
      'VerificationFailed',
    );
  }
  progress.plan('rollback', `Redeploy version ${previous.version}'s specification`);
  const restored = await progress.run('rollback', () =>
    deployAndWait(
      proxies,
      { region: input.region, serviceName: input.serviceName, spec: previous.spec },
      progress,
      'rollback',
    ),
  );
  progress.fact('serving', `${input.serviceName} (version ${restored}, the previous specification)`);
  throw ApplicationFailure.create({
    type: RELEASE_ROLLED_BACK,
    nonRetryable: true,
    message: `Verification of version ${version} failed: ${outcome.failure}. Rolled back: version ${restored} runs version ${previous.version}'s specification.`,
    details: [{ failedVersion: version, restoredVersion: restored, previousVersion: previous.version }],
  });
}

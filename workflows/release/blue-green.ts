import { ApplicationFailure, CancellationScope } from '@temporalio/workflow';
import type { BlueGreenDeployParsedInput, BlueGreenDeployResult } from '../../src/schemas/blue-green-deploy';
import type { activityProxies } from '../support/activity-proxies';
import { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';
import { runOwnsNames } from '../support/run-names';
import { blueGreenSteps } from '../../src/plan/steps/blue-green-deploy';
import { bake } from './bake';
import { deployAndWait, RELEASE_ROLLED_BACK, verify } from './deploy-steps';
import type { ReleaseGates } from './gates';

type BlueGreenInput = Extract<BlueGreenDeployParsedInput, { strategy: 'blue-green' }>;
type Proxies = ReturnType<typeof activityProxies>;

/**
 * Deploys to the idle one of two services behind a distribution, verifies it on its own URL,
 * optionally waits for approval, moves the distribution's origin to it, watches its health
 * during the bake, and retires the old side. Until the bake ends, a failed check or a rollback
 * request moves traffic back; a service this run created is deleted when the release fails.
 */
export async function releaseBlueGreen(
  input: BlueGreenInput,
  proxies: Proxies,
  progress: Progress,
  gates: ReleaseGates,
): Promise<Omit<BlueGreenDeployResult, 'steps'>> {
  const { calls, shortWaits, longWaits } = proxies;
  const saga = new Compensations();
  const region = input.region;
  const owned = runOwnsNames();

  for (const step of blueGreenSteps(input)) progress.plan(step.id, step.title);

  let switched = false;
  let live = '';
  try {
    const distribution = await progress.run('find-live', () =>
      calls.describeDistribution({ distributionName: input.distributionName }),
    );
    live = distribution.origin.name;
    if (!input.services.includes(live) || distribution.origin.regionName !== region) {
      throw ApplicationFailure.nonRetryable(
        `services: ${input.distributionName} serves ${distribution.origin.resourceType} ${live} in ${distribution.origin.regionName}, which is not one of ${input.services.join(' and ')} in ${region}`,
        'OriginNotInPair',
      );
    }
    const idle = input.services.find((s) => s !== live)!;
    progress.fact('serving', live);
    progress.fact('idle', idle);

    const liveService = await longWaits.awaitServiceSettled({ region, serviceName: live });
    const idleService = await progress.run('prepare-idle', async () => {
      const existing = await calls.describeService({ region, serviceName: idle });
      if (!existing) {
        const { adopted } = await calls.createService({
          region,
          serviceName: idle,
          power: liveService.power,
          scale: liveService.scale,
        });
        saga.add({
          description: `delete container service ${idle} in ${region}`,
          region,
          type: 'ContainerService',
          name: idle,
          undo: () =>
            shortWaits.deleteService({ region, serviceName: idle, ...(owned ? { onlyIfOwn: true } : {}) }),
        });
        progress.touched({
          region,
          type: 'ContainerService',
          name: idle,
          action: adopted ? 'adopted' : 'created',
        });
        progress.detail('prepare-idle', `created ${idle} (${liveService.power} x${liveService.scale})`);
      }
      return longWaits.awaitServiceSettled({ region, serviceName: idle });
    });

    const version = await progress.run('deploy', () =>
      deployAndWait(proxies, { region, serviceName: idle, spec: input.deployment }, progress, 'deploy'),
    );
    progress.fact('new version', version);

    const verified = await progress.run('verify', async () => {
      const settled = await longWaits.awaitServiceSettled({ region, serviceName: idle });
      const outcome = await verify(
        proxies,
        settled.url ?? idleService.url ?? '',
        input.verification,
        progress,
        'verify',
      );
      if (outcome.failure) {
        throw ApplicationFailure.nonRetryable(
          `Verification of ${idle} (version ${version}) failed: ${outcome.failure}. Traffic never moved: ${live} still serves.`,
          'VerificationFailed',
        );
      }
      return outcome;
    });
    progress.fact('checks passed', verified.passed);

    if (input.approval) {
      await progress.run('approval', async () => {
        progress.fact('approval', 'waiting');
        try {
          await gates.awaitApproval(input.approval!.timeoutMinutes);
        } finally {
          progress.fact('approval', gates.approvalState);
        }
        // A rollback asked for before the approval step ends it as failed, not approved. The same
        // throw as just below, so the commands (and the replay of runs in flight) are unchanged.
        throwIfRollbackRequested(gates, live);
      });
    }
    throwIfRollbackRequested(gates, live);

    await progress.run('switch', async () => {
      // The distribution's default domain must stay among the serving service's public domain
      // names, or the service refuses the distribution's requests.
      const domains = domainsFor(liveService.publicDomainNames, distribution.domainName);
      if (domains) await calls.addPublicDomainNames({ region, serviceName: idle, domains });
      switched = true;
      gates.trafficMoved();
      await calls.switchOrigin({ distributionName: input.distributionName, serviceName: idle, region });
    });
    progress.fact('serving', idle);
    progress.fact('idle', live);

    await progress.run('cut-over', async () => {
      await longWaits.awaitDistributionDeployed({ distributionName: input.distributionName });
      await calls.resetDistributionCache({ distributionName: input.distributionName });
    });

    let checksPassed = verified.passed;
    await progress.run('bake', async () => {
      const endsAt = Date.now() + input.bakeMinutes * 60_000;
      const healthUrl =
        (await calls.describeService({ region, serviceName: idle }))?.url ?? idleService.url ?? '';
      checksPassed += await bake(proxies, gates, progress, {
        healthUrl,
        verification: input.verification,
        endsAt,
        passedBefore: checksPassed,
      });
      throwIfRollbackRequested(gates, live);
    });
    gates.finish(
      'the bake is over and the new version is final. To undo it, release the previous version again.',
    );

    if (input.afterBake !== 'keep') {
      await progress.run('retire', () =>
        calls.retireService({ region, serviceName: live, how: input.afterBake as 'scale-down' | 'disable' }),
      );
    }
    return {
      strategy: 'blue-green',
      serving: idle,
      version,
      previous: { service: live, version: liveService.current?.version },
      checksPassed,
    };
  } catch (err) {
    gates.finish('the release has failed and is already undoing what it did.');
    await CancellationScope.nonCancellable(async () => {
      if (switched) await switchBack(proxies, progress, input.distributionName, live, region);
      progress.setStatus('compensating');
      await saga.run(progress);
    });
    throw err;
  }
}

/** Moves traffic back to the side that served before the release, and empties the cache. */
async function switchBack(
  { calls, longWaits }: Proxies,
  progress: Progress,
  distributionName: string,
  live: string,
  region: string,
): Promise<void> {
  progress.plan('switch-back', `Switch the distribution back to ${live}`);
  await progress.run('switch-back', async () => {
    await calls.switchOrigin({ distributionName, serviceName: live, region });
    await longWaits.awaitDistributionDeployed({ distributionName });
    await calls.resetDistributionCache({ distributionName });
  });
  progress.fact('serving', live);
}

function throwIfRollbackRequested(gates: ReleaseGates, live: string): void {
  const rollback = gates.rollbackRequested;
  if (rollback) {
    throw ApplicationFailure.nonRetryable(
      `Rolled back on request${rollback.by ? ` by ${rollback.by}` : ''}: ${rollback.reason}. ${live} serves.`,
      RELEASE_ROLLED_BACK,
    );
  }
}

/** The certificate entry of the live service that holds the distribution's domain, if any. */
function domainsFor(
  publicDomainNames: Record<string, string[]>,
  domainName: string,
): Record<string, string[]> | undefined {
  const entry = Object.entries(publicDomainNames).find(([, names]) => names.includes(domainName));
  return entry ? { [entry[0]]: [domainName] } : undefined;
}

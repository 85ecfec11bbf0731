import type { BlueGreenDeployParsedInput } from '../../src/schemas/blue-green-deploy';
import { lockNameInTurn, type NameKey, type NameLock } from '../locks/name-locks';
import type { activityProxies } from '../support/activity-proxies';
import type { Progress } from '../support/progress';

/** Distributions are global resources, managed in us-east-1. */
const DISTRIBUTION_REGION = 'us-east-1';

/**
 * What a release changes: the service (in place), or the distribution and both services
 * (blue-green). Always in this order, distribution first and services sorted, so two releases
 * that share some of them can never each hold what the other waits for.
 */
export function releaseKeys(input: BlueGreenDeployParsedInput): NameKey[] {
  if (input.strategy === 'in-place') {
    return [{ region: input.region, kind: 'ContainerService', name: input.serviceName }];
  }
  return [
    { region: DISTRIBUTION_REGION, kind: 'Distribution', name: input.distributionName },
    ...[...input.services].sort().map((name) => ({ region: input.region, kind: 'ContainerService', name })),
  ];
}

/**
 * Takes the locks of everything a release changes, waiting its turn behind another release of
 * the same services: two releases never deploy to, switch or delete the same service at once,
 * and a deployment a retry finds after the version it read first is its own.
 */
export async function lockReleaseTargets(
  proxies: ReturnType<typeof activityProxies>,
  input: BlueGreenDeployParsedInput,
  progress: Progress,
): Promise<NameLock[]> {
  const keys = releaseKeys(input);
  progress.plan('turn', `Wait until no other run releases to ${keys.map((k) => k.name).join(', ')}`);
  return progress.run('turn', async () => {
    const locks: NameLock[] = [];
    for (const key of keys) {
      locks.push(
        await lockNameInTurn(proxies, key, (holder) =>
          progress.detail('turn', `run ${holder} is releasing to ${key.name}; this run goes next`),
        ),
      );
    }
    return locks;
  });
}

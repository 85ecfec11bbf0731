import type { BlueGreenDeployParsedInput } from '../../src/schemas/blue-green-deploy';
import { releaseKeys } from '../../src/locks/name-lock-keys';
import { releaseTurnStep } from '../../src/plan/steps/blue-green-deploy';
import { lockNameInTurn, type NameLock } from '../locks/name-locks';
import type { activityProxies } from '../support/activity-proxies';
import type { Progress } from '../support/progress';

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
  const turn = releaseTurnStep(input);
  progress.plan(turn.id, turn.title);
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

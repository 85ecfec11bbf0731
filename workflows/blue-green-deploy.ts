import {
  BLUE_GREEN_WORKFLOW,
  BlueGreenDeployInput,
  type BlueGreenDeployResult,
} from '../src/schemas/blue-green-deploy';
import { releaseBlueGreen } from './release/blue-green';
import { ReleaseGates } from './release/gates';
import { releaseInPlace } from './release/in-place';
import { lockReleaseTargets } from './release/release-locks';
import { releaseAtRunEnd, type NameLock } from './locks/name-locks';
import { runOwnsNames } from './support/run-names';
import { activityProxies } from './support/activity-proxies';
import { runFailure } from './support/failures';
import { Progress } from './support/progress';
import { validateInput } from './support/validate-input';

/**
 * Releases a new container deployment, in place on one service or blue-green across two
 * services behind a distribution, with HTTP verification, an optional approval gate, a bake with
 * health checks, and automatic rollback. See releaseInPlace and releaseBlueGreen for the steps.
 */
export async function blueGreenDeploy(rawInput: BlueGreenDeployInput): Promise<BlueGreenDeployResult> {
  const input = validateInput(BLUE_GREEN_WORKFLOW, BlueGreenDeployInput, rawInput);
  const progress = new Progress(BLUE_GREEN_WORKFLOW);
  // Registered first, so an update sent right after the start finds its handler.
  const gates = new ReleaseGates(
    { strategy: input.strategy, approval: input.strategy === 'blue-green' && !!input.approval },
    progress,
  );
  const proxies = activityProxies(input.poll);
  let locks: NameLock[] = [];
  try {
    // Runs from before run-owned names replay without locks.
    if (runOwnsNames()) locks = await lockReleaseTargets(proxies, input, progress);
    const result =
      input.strategy === 'in-place'
        ? await releaseInPlace(input, proxies, progress)
        : await releaseBlueGreen(input, proxies, progress, gates);
    progress.setStatus('succeeded');
    return { ...result, steps: progress.timings() };
  } catch (err) {
    progress.setStatus('failed');
    throw runFailure(err);
  } finally {
    gates.finish();
    await releaseAtRunEnd(locks);
  }
}

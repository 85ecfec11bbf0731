import type { activityProxies } from '../support/activity-proxies';
import type { Progress } from '../support/progress';

type Proxies = ReturnType<typeof activityProxies>;

/**
 * The instances a failover or a drill is about: those named, or those of the primary region
 * carrying the tag, listed in the `select` step (which the run planned when given a tag).
 */
export async function selectInstances(
  { calls }: Proxies,
  progress: Progress,
  input: { primaryRegion: string; instanceNames?: string[]; instanceTag?: { key: string; value?: string } },
): Promise<string[]> {
  if (input.instanceNames) return input.instanceNames;
  const tag = input.instanceTag!;
  return progress.run('select', async () => {
    const found = await calls.instancesWithTag({ region: input.primaryRegion, tag });
    progress.detail('select', found.instanceNames.join(', ') || 'none');
    return found.instanceNames;
  });
}

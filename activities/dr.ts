import { ApplicationFailure } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { instancesTagged, newestDrSnapshot, type DrSnapshot } from '../src/lightsail/dr-snapshots';
import { readInstanceProfile, type InstanceProfile } from '../src/lightsail/instance-profile';
import { readInstance } from '../src/lightsail/instances';

/** No snapshot of a DR series from the instance in the DR region: nothing to restore. */
export const NO_DR_SNAPSHOT = 'NoDrSnapshot';

/** How long a read of the primary region may take before it counts as down. */
const PRIMARY_READ_MS = 10_000;
const PRIMARY_RETRY_MS = 500;

/** What a failover or a drill restores one instance from, and what it knows of the instance. */
export interface DrSource {
  snapshot: DrSnapshot;
  /** The primary instance as it is now, when the primary region answers and it still exists. */
  profile?: InstanceProfile;
  /** Why there is no profile (the region is down, the instance is gone): said in the progress. */
  profileUnavailable?: string;
}

/** The reads of disaster recovery: which instances, their newest DR copy, their profile. */
export function drActivities({ clients }: { clients: LightsailClients }) {
  return {
    /** The instances of the primary region carrying the tag (reads only). */
    async instancesWithTag(input: {
      region: string;
      tag: { key: string; value?: string };
    }): Promise<{ instanceNames: string[] }> {
      return { instanceNames: await instancesTagged(clients, input.region, input.tag) };
    },

    /**
     * The newest snapshot of the instance's DR series in the DR region, and the instance's
     * profile from the primary region when that answers within seconds. A primary that fails
     * or hangs is what a disaster looks like: the answer says so instead of failing, and the run
     * goes on with what the snapshot records.
     */
    async findDrSource(input: {
      primaryRegion: string;
      drRegion: string;
      instanceName: string;
    }): Promise<DrSource> {
      const snapshot = await newestDrSnapshot(clients, input.drRegion, input.instanceName);
      if (!snapshot) {
        throw ApplicationFailure.nonRetryable(
          `No snapshot of a DR series from ${input.instanceName} is ready in ${input.drRegion}: run the nightly DR runbook (copy-snapshot with retention) for it first.`,
          NO_DR_SNAPSHOT,
        );
      }
      try {
        const profile = await withinMs(PRIMARY_READ_MS, () =>
          readPrimary(async () => {
            const instance = await readInstance(clients, input.primaryRegion, input.instanceName);
            return instance && readInstanceProfile(clients, input.primaryRegion, instance);
          }),
        );
        if (profile) return { snapshot, profile };
        return {
          snapshot,
          profileUnavailable: `${input.instanceName} no longer exists in ${input.primaryRegion}`,
        };
      } catch (err) {
        return {
          snapshot,
          profileUnavailable: `${input.primaryRegion} did not answer (${err instanceof Error ? err.message : String(err)})`,
        };
      }
    },
  };
}

/**
 * A read of the primary, tried again on errors until the caller's time runs out: one throttled
 * or failed call is not a disaster, a region that keeps failing is.
 */
async function readPrimary<T>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + PRIMARY_READ_MS - PRIMARY_RETRY_MS;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      if (Date.now() + PRIMARY_RETRY_MS > deadline) throw err;
      await new Promise((r) => setTimeout(r, PRIMARY_RETRY_MS));
    }
  }
}

async function withinMs<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

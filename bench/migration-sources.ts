import { DeleteInstanceCommand, GetStaticIpCommand, ReleaseStaticIpCommand } from '@aws-sdk/client-lightsail';
import { AWS_DURATIONS } from '../src/emulator/clock';
import { LIGHTSAIL_REGIONS, STATIC_IPS_PER_REGION, type LightsailRegion } from '../src/lightsail-facts';
import { createMigrationSource, readInstance } from '../test/support/migration-fixtures';
import { onFastClock, type BenchStack } from './stack';

/** Every benchmark migration resizes so, in its own region and zone. */
export const FROM_BUNDLE = 'small_3_0';
export const TO_BUNDLE = 'medium_3_0';

/**
 * The Lightsail seconds a resize cannot go faster than, from the emulator's own durations: the
 * instance snapshot, the new instance until it runs, then the old one until it has stopped, one
 * after the other. Opening ports, moving a static IP and deleting complete at once (their
 * operations succeed at once), so they add nothing.
 */
export const MIGRATION_AWS_SECONDS =
  AWS_DURATIONS.createInstanceSnapshot + AWS_DURATIONS.createInstance + AWS_DURATIONS.stopInstance;

/** A source instance with its static IP, as each side finds it. */
export interface BenchSource {
  region: LightsailRegion;
  instanceName: string;
  staticIpName: string;
}

/**
 * The most migrations a side can run at once: each source holds a static IP, and the emulator
 * allows 5 a region (Lightsail's default quota), so the runs spread over the regions, 5 to each.
 */
export const MAX_MIGRATION_RUNS = STATIC_IPS_PER_REGION * LIGHTSAIL_REGIONS.length;

/**
 * `count` running `FROM_BUNDLE` instances with a static IP each (the migration tests' fixture),
 * run i in the i-th of as few regions as the static IP quota allows, made on a fast clock.
 */
export function arrangeMigrationSources(
  stack: BenchStack,
  count: number,
  prefix: string,
): Promise<BenchSource[]> {
  if (count > MAX_MIGRATION_RUNS) {
    throw new Error(
      `at most ${MAX_MIGRATION_RUNS} migrations at once: ${STATIC_IPS_PER_REGION} static IPs in each of ${LIGHTSAIL_REGIONS.length} regions`,
    );
  }
  const regions = LIGHTSAIL_REGIONS.slice(0, Math.ceil(count / STATIC_IPS_PER_REGION));
  return onFastClock(stack, async () => {
    const sources: BenchSource[] = [];
    for (let i = 0; i < count; i += 25) {
      const batch = Array.from({ length: Math.min(25, count - i) }, async (_, j) => {
        const region = regions[(i + j) % regions.length]!;
        const s = await createMigrationSource(stack.clients, region, prefix, {
          staticIp: true,
          bundleId: FROM_BUNDLE,
        });
        return { region, instanceName: s.instanceName, staticIpName: s.staticIpName! };
      });
      sources.push(...(await Promise.all(batch)));
    }
    return sources;
  });
}

/**
 * Whether the migration of `source` to `newName` is complete: the new instance runs at
 * `TO_BUNDLE` and holds the static IP, and the old one is gone. Call it without a rate limit.
 */
export async function migrated(stack: BenchStack, source: BenchSource, newName: string): Promise<boolean> {
  const [now, old, ip] = await Promise.all([
    readInstance(stack.clients, source.region, newName),
    readInstance(stack.clients, source.region, source.instanceName),
    stack.clients
      .forRegion(source.region)
      .send(new GetStaticIpCommand({ staticIpName: source.staticIpName })),
  ]);
  return (
    now?.state?.name === 'running' &&
    now.bundleId === TO_BUNDLE &&
    ip.staticIp?.attachedTo === newName &&
    old === undefined
  );
}

/**
 * Releases the static IPs and deletes the new instances, so that the other side finds the quota
 * free and the emulator no heavier. Call it without a rate limit.
 */
export async function removeMigrated(stack: BenchStack, moved: { source: BenchSource; newName: string }[]) {
  await Promise.all(
    moved.map(async ({ source, newName }) => {
      const client = stack.clients.forRegion(source.region);
      await client.send(new ReleaseStaticIpCommand({ staticIpName: source.staticIpName }));
      // A run that failed before it created the new instance has none to delete.
      await client.send(new DeleteInstanceCommand({ instanceName: newName })).catch(() => undefined);
    }),
  );
}

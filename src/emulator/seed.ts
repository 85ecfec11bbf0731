import type { Clock } from './clock';
import { makeContext, type ActionRegistry } from './registry';
import { addAutoSnapshot } from './resources/auto-snapshots';
import type { EmulatorState, StoredBase } from './state';

/** What `seed` puts in a fresh emulator; the dev stack's example input copies SEEDED.snapshot. */
export const SEEDED = {
  region: 'us-east-1',
  instance: 'web-1',
  snapshot: 'web-1-base',
  disk: 'data-1',
  diskSnapshot: 'data-1-base',
  otherRegion: 'eu-west-1',
  otherInstance: 'app-1',
  otherSnapshot: 'app-1-base',
} as const;

/**
 * A few instances and snapshots in two regions, already in their final states, with three days
 * of automatic snapshots of web-1: enough to try every kind of copy at once.
 */
export function seed(state: EmulatorState, registry: ActionRegistry, clock: Clock): void {
  const call = (region: string, action: string, params: Record<string, unknown>) =>
    registry.get(action)!.handler(makeContext(state, region, clock), params);
  const s = SEEDED;
  call(s.region, 'CreateInstances', {
    instanceNames: [s.instance],
    availabilityZone: `${s.region}a`,
    blueprintId: 'wordpress',
    bundleId: 'small_3_0',
    addOns: [{ addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:00' } }],
    tags: [{ key: 'app', value: 'blog' }],
  });
  call(s.region, 'CreateDisk', { diskName: s.disk, availabilityZone: `${s.region}a`, sizeInGb: 32 });
  call(s.otherRegion, 'CreateInstances', {
    instanceNames: [s.otherInstance],
    availabilityZone: `${s.otherRegion}a`,
    blueprintId: 'ubuntu_22_04',
    bundleId: 'micro_3_0',
  });
  settle(state);
  call(s.region, 'CreateInstanceSnapshot', { instanceName: s.instance, instanceSnapshotName: s.snapshot });
  call(s.region, 'CreateDiskSnapshot', { diskName: s.disk, diskSnapshotName: s.diskSnapshot });
  call(s.otherRegion, 'CreateInstanceSnapshot', {
    instanceName: s.otherInstance,
    instanceSnapshotName: s.otherSnapshot,
  });
  for (const days of [1, 2, 3]) {
    const date = new Date(clock.now() - days * 86_400_000).toISOString().slice(0, 10);
    addAutoSnapshot(state, clock, { region: s.region, resourceName: s.instance, date });
  }
  settle(state);
}

/** Moves every seeded resource and operation to its final state now. */
function settle(state: EmulatorState): void {
  for (const store of Object.values(state)) {
    const resources: StoredBase[] = [
      ...Object.values(store.instances),
      ...Object.values(store.instanceSnapshots),
      ...Object.values(store.disks),
      ...Object.values(store.diskSnapshots),
    ];
    for (const r of resources) r.readyAtMs = r.createdAtMs;
    for (const op of Object.values(store.operations)) op.completesAtMs = op.createdAtMs;
  }
}

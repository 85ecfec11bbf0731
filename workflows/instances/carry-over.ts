import type { InstanceProfile } from '../../src/lightsail/instance-profile';
import type { CarryOver } from '../../src/schemas/migrate-instance';
import type { activityProxies } from '../support/activity-proxies';
import type { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';
import type { DiskSnapshotOfMove } from './restore';

type Proxies = ReturnType<typeof activityProxies>;

/** Where the settings go: the new instance. */
export interface NewInstance {
  region: string;
  name: string;
  availabilityZone: string;
}

/**
 * Carries an instance's settings to its new instance: the firewall (the open ports with their
 * sources), the user's tags, the automatic-snapshot add-on at the same time of day, and the
 * metadata options. Each is idempotent, so a retry after a lost answer sets the same again.
 * Returns what it carried, in words, for the progress.
 */
export async function carryOverSettings(
  { shortWaits }: Proxies,
  from: InstanceProfile,
  to: NewInstance,
  carry: CarryOver,
): Promise<string[]> {
  const carried: string[] = [];
  if (carry.firewall) {
    await shortWaits.putPublicPorts({ region: to.region, instanceName: to.name, ports: from.ports });
    carried.push(`${from.ports.length} port rule(s)`);
  }
  if (carry.tags && Object.keys(from.tags).length > 0) {
    await shortWaits.tagResource({ region: to.region, resourceName: to.name, tags: from.tags });
    carried.push(`${Object.keys(from.tags).length} tag(s)`);
  }
  if (carry.autoSnapshot && from.autoSnapshot) {
    await shortWaits.enableAutoSnapshot({
      region: to.region,
      resourceName: to.name,
      ...(from.autoSnapshot.snapshotTimeOfDay
        ? { snapshotTimeOfDay: from.autoSnapshot.snapshotTimeOfDay }
        : {}),
    });
    carried.push(
      `automatic snapshots${from.autoSnapshot.snapshotTimeOfDay ? ` at ${from.autoSnapshot.snapshotTimeOfDay}` : ''}`,
    );
  }
  if (carry.metadataOptions && from.metadataOptions) {
    await shortWaits.updateMetadataOptions({
      region: to.region,
      instanceName: to.name,
      options: from.metadataOptions,
    });
    carried.push('metadata options');
  }
  return carried;
}

/**
 * Makes each of the old instance's disks again from its snapshot, in the new instance's zone and
 * at least its size, tagged with the run, and attaches it at the same path. Each disk made is
 * registered for deletion should the move be put back.
 */
export async function carryOverDisks(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: {
    to: NewInstance;
    snapshots: DiskSnapshotOfMove[];
    nameFor: (disk: string) => string;
    tags: Record<string, string>;
  },
): Promise<{ from: string; to: string; path: string }[]> {
  const { calls, shortWaits, longWaits, awaitOperations } = proxies;
  const { region } = input.to;
  const moved = [];
  for (const snapshot of input.snapshots) {
    const diskName = input.nameFor(snapshot.fromDisk);
    const made = await calls.createDiskFromSnapshot({
      region,
      diskName,
      snapshotName: snapshot.snapshotName,
      availabilityZone: input.to.availabilityZone,
      sizeInGb: snapshot.sizeInGb,
      tags: input.tags,
    });
    saga.add({
      description: `delete disk ${diskName} in ${region}`,
      region,
      type: 'Disk',
      name: diskName,
      undo: () => shortWaits.deleteDisk({ region, diskName, onlyIfOwn: true }),
    });
    progress.touched({ region, type: 'Disk', name: diskName, action: made.adopted ? 'adopted' : 'created' });
    if (made.operations.length > 0) await awaitOperations(made.operations);
    await longWaits.awaitDiskReady({ region, diskName });
    await shortWaits.attachDisk({ region, diskName, instanceName: input.to.name, diskPath: snapshot.path });
    moved.push({ from: snapshot.fromDisk, to: diskName, path: snapshot.path });
  }
  return moved;
}

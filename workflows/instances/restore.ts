import type { activityProxies } from '../support/activity-proxies';
import type { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';
import type { SnapshotKind } from '../../src/schemas/copy-snapshot';

type Proxies = ReturnType<typeof activityProxies>;

/** A snapshot the run made of one of the old instance's disks, and where that disk was attached. */
export interface DiskSnapshotOfMove {
  snapshotName: string;
  fromDisk: string;
  path: string;
  sizeInGb: number;
}

/** The snapshots a move starts from: the instance's, and one per attached disk. */
export interface MoveSnapshots {
  instanceSnapshot: string;
  disks: DiskSnapshotOfMove[];
}

/**
 * Snapshots an instance and each of its attached disks, tagged with the run at creation, waits
 * until all are ready, and registers their deletion. Names are the run's own: `<name>-<suffix>`.
 */
export async function snapshotInstanceAndDisks(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: {
    region: string;
    instanceName: string;
    disks: { name: string; path: string; sizeInGb: number }[];
    /** Makes a run-owned name from a resource name. */
    nameFor: (resource: string) => string;
    tags: Record<string, string>;
  },
): Promise<MoveSnapshots> {
  const { calls, longWaits, awaitOperations } = proxies;
  const { region } = input;
  const instanceSnapshot = input.nameFor(input.instanceName);
  const created = await calls.createInstanceSnapshot({
    region,
    instanceName: input.instanceName,
    snapshotName: instanceSnapshot,
    tags: input.tags,
  });
  registerSnapshot(proxies, progress, saga, region, instanceSnapshot, 'InstanceSnapshot', created.adopted);
  const operations = [...created.operations];
  const disks: DiskSnapshotOfMove[] = [];
  for (const disk of input.disks) {
    const snapshotName = input.nameFor(disk.name);
    const made = await calls.createDiskSnapshot({
      region,
      diskName: disk.name,
      snapshotName,
      tags: input.tags,
    });
    registerSnapshot(proxies, progress, saga, region, snapshotName, 'DiskSnapshot', made.adopted);
    operations.push(...made.operations);
    disks.push({ snapshotName, fromDisk: disk.name, path: disk.path, sizeInGb: disk.sizeInGb });
  }
  if (operations.length > 0) await awaitOperations(operations);
  await Promise.all([
    longWaits.awaitSnapshotReady({ region, snapshotName: instanceSnapshot, kind: 'InstanceSnapshot' }),
    ...disks.map((d) =>
      longWaits.awaitSnapshotReady({ region, snapshotName: d.snapshotName, kind: 'DiskSnapshot' }),
    ),
  ]);
  return { instanceSnapshot, disks };
}

/**
 * Copies the run's snapshots to another region under the same names, tags each copy as the run's
 * at once, and waits until all are ready there. The names are the run's, so a retry's "name
 * taken" can only be its own earlier copy.
 */
export async function copySnapshotsToRegion(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: { fromRegion: string; toRegion: string; snapshots: MoveSnapshots; vanishAfterMs: number },
): Promise<void> {
  const { calls, shortWaits, longWaits, awaitOperations } = proxies;
  const { fromRegion, toRegion } = input;
  const all: { name: string; kind: SnapshotKind; fromName: string }[] = [
    { name: input.snapshots.instanceSnapshot, kind: 'InstanceSnapshot', fromName: '' },
    ...input.snapshots.disks.map((d) => ({
      name: d.snapshotName,
      kind: 'DiskSnapshot' as const,
      fromName: d.fromDisk,
    })),
  ];
  const operations = [];
  for (const snapshot of all) {
    const copy = await calls.copySnapshot({
      sourceRegion: fromRegion,
      targetRegion: toRegion,
      source: { type: 'manual', snapshotName: snapshot.name },
      sourceInfo: { kind: snapshot.kind, name: snapshot.name, fromName: snapshot.fromName || undefined },
      targetSnapshotName: snapshot.name,
      nameIsRuns: true,
    });
    registerSnapshot(proxies, progress, saga, toRegion, snapshot.name, snapshot.kind, copy.adopted);
    await shortWaits.tagResource({
      region: toRegion,
      resourceName: snapshot.name,
      tags: {},
      vanishAfterMs: input.vanishAfterMs,
    });
    operations.push(...copy.operations);
  }
  if (operations.length > 0) await awaitOperations(operations);
  await Promise.all(
    all.map((s) =>
      longWaits.awaitSnapshotReady({
        region: toRegion,
        snapshotName: s.name,
        kind: s.kind,
        vanishAfterMs: input.vanishAfterMs,
      }),
    ),
  );
}

/**
 * Creates an instance from a snapshot (tagged with the run at creation), registers its deletion,
 * and waits until it runs.
 */
export async function restoreInstanceFromSnapshot(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: {
    region: string;
    instanceName: string;
    snapshotName: string;
    bundleId: string;
    availabilityZone: string;
    ipAddressType?: 'dualstack' | 'ipv4' | 'ipv6';
    tags: Record<string, string>;
    nameField: string;
    vanishAfterMs: number;
  },
): Promise<{ arn: string }> {
  const { calls, shortWaits, longWaits, awaitOperations } = proxies;
  const { region, instanceName } = input;
  const created = await calls.createInstanceFromSnapshot({
    region,
    instanceName,
    snapshotName: input.snapshotName,
    bundleId: input.bundleId,
    availabilityZone: input.availabilityZone,
    tags: input.tags,
    nameField: input.nameField,
    ...(input.ipAddressType ? { ipAddressType: input.ipAddressType } : {}),
  });
  saga.add({
    description: `delete instance ${instanceName} in ${region}`,
    region,
    type: 'Instance',
    name: instanceName,
    undo: () => shortWaits.deleteInstance({ region, instanceName, onlyIfOwn: true }),
  });
  progress.touched({
    region,
    type: 'Instance',
    name: instanceName,
    action: created.adopted ? 'adopted' : 'created',
  });
  if (created.operations.length > 0) await awaitOperations(created.operations);
  return longWaits.awaitInstanceRunning({ region, instanceName, vanishAfterMs: input.vanishAfterMs });
}

function registerSnapshot(
  { shortWaits }: Proxies,
  progress: Progress,
  saga: Compensations,
  region: string,
  snapshotName: string,
  kind: SnapshotKind,
  adopted: boolean,
): void {
  saga.add({
    description: `delete ${kind} ${snapshotName} in ${region}`,
    region,
    type: kind,
    name: snapshotName,
    undo: () => shortWaits.deleteSnapshot({ region, snapshotName, kind, onlyIfOwn: true }),
  });
  progress.touched({ region, type: kind, name: snapshotName, action: adopted ? 'adopted' : 'created' });
}

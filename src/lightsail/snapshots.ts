import {
  GetDiskSnapshotCommand,
  GetInstanceSnapshotCommand,
  type DiskSnapshot,
  type InstanceSnapshot,
  type Tag,
} from '@aws-sdk/client-lightsail';
import type { SnapshotKind } from '../schemas/copy-snapshot';
import type { LightsailClients } from './clients';
import { isLightsailError, toTemporalFailure } from './errors';

/** An instance or disk snapshot, reduced to what the procedures decide on. */
export interface SnapshotView {
  kind: SnapshotKind;
  name: string;
  arn?: string;
  /** ready = available (instance) or completed (disk). */
  state: 'pending' | 'ready' | 'error';
  rawState?: string;
  createdAt?: Date;
  tags?: Tag[];
  /** The instance or disk the snapshot was taken from. */
  fromName?: string;
  fromBundleId?: string;
  /** The blueprint of the instance an instance snapshot was taken from. */
  fromBlueprintId?: string;
  sizeInGb?: number;
}

/** Reads a snapshot of the given kind; undefined when Lightsail answers NotFound. */
export async function readSnapshot(
  clients: LightsailClients,
  region: string,
  name: string,
  kind: SnapshotKind,
): Promise<SnapshotView | undefined> {
  const client = clients.forRegion(region);
  try {
    if (kind === 'InstanceSnapshot') {
      const out = await client.send(new GetInstanceSnapshotCommand({ instanceSnapshotName: name }));
      return out.instanceSnapshot && instanceSnapshotView(out.instanceSnapshot);
    }
    const out = await client.send(new GetDiskSnapshotCommand({ diskSnapshotName: name }));
    return out.diskSnapshot && diskSnapshotView(out.diskSnapshot);
  } catch (err) {
    if (isLightsailError(err, 'NotFoundException')) return undefined;
    throw toTemporalFailure(err, { action: `Get${kind}`, region });
  }
}

/** Finds a snapshot by name whatever its kind: instance snapshots first, then disk snapshots. */
export async function findSnapshot(
  clients: LightsailClients,
  region: string,
  name: string,
): Promise<SnapshotView | undefined> {
  return (
    (await readSnapshot(clients, region, name, 'InstanceSnapshot')) ??
    (await readSnapshot(clients, region, name, 'DiskSnapshot'))
  );
}

function instanceSnapshotView(s: InstanceSnapshot): SnapshotView {
  return {
    kind: 'InstanceSnapshot',
    name: s.name ?? '',
    arn: s.arn,
    state: s.state === 'available' ? 'ready' : s.state === 'pending' ? 'pending' : 'error',
    rawState: s.state,
    createdAt: s.createdAt,
    tags: s.tags,
    fromName: s.fromInstanceName,
    fromBundleId: s.fromBundleId,
    fromBlueprintId: s.fromBlueprintId,
    sizeInGb: s.sizeInGb,
  };
}

function diskSnapshotView(s: DiskSnapshot): SnapshotView {
  return {
    kind: 'DiskSnapshot',
    name: s.name ?? '',
    arn: s.arn,
    state: s.state === 'completed' ? 'ready' : s.state === 'pending' ? 'pending' : 'error',
    rawState: s.state,
    createdAt: s.createdAt,
    tags: s.tags,
    fromName: s.fromDiskName ?? s.fromInstanceName,
    sizeInGb: s.sizeInGb,
  };
}

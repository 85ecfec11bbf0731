import { GetInstanceSnapshotsCommand, GetInstancesCommand } from '@aws-sdk/client-lightsail';
import { callLightsail } from './call';
import type { LightsailClients } from './clients';
import { SERIES_TAG_KEY, taggedRun } from './ownership';
import { allPages } from './pages';

/** A ready snapshot of a DR series: what a failover or a drill restores. */
export interface DrSnapshot {
  region: string;
  series: string;
  snapshotName: string;
  /** ISO 8601. */
  createdAt: string;
  fromInstanceName: string;
  /** What the snapshot records of the instance it came from: enough to restore it alone. */
  fromBundleId?: string;
  fromBlueprintId?: string;
  sizeInGb?: number;
}

/**
 * Every ready instance snapshot of a region that belongs to a DR series: the series tag the
 * nightly runbook writes AND a run tag (made by a run, not by hand), as retention reads them.
 */
export async function listDrSnapshots(clients: LightsailClients, region: string): Promise<DrSnapshot[]> {
  const snapshots = await allPages(async (pageToken) => {
    const out = await callLightsail(clients, region, 'GetInstanceSnapshots', (c) =>
      c.send(new GetInstanceSnapshotsCommand({ pageToken })),
    );
    return { items: out.instanceSnapshots, next: out.nextPageToken };
  });
  return snapshots.flatMap((s) => {
    const series = s.tags?.find((t) => t.key === SERIES_TAG_KEY)?.value;
    if (!series || !taggedRun(s.tags) || s.state !== 'available' || !s.name || !s.fromInstanceName) return [];
    return [
      {
        region,
        series,
        snapshotName: s.name,
        createdAt: (s.createdAt ?? new Date(0)).toISOString(),
        fromInstanceName: s.fromInstanceName,
        ...(s.fromBundleId ? { fromBundleId: s.fromBundleId } : {}),
        ...(s.fromBlueprintId ? { fromBlueprintId: s.fromBlueprintId } : {}),
        ...(s.sizeInGb !== undefined ? { sizeInGb: s.sizeInGb } : {}),
      },
    ];
  });
}

/** The newest snapshot of any DR series taken from `instanceName`, in `region`; undefined if none. */
export async function newestDrSnapshot(
  clients: LightsailClients,
  region: string,
  instanceName: string,
): Promise<DrSnapshot | undefined> {
  const own = (await listDrSnapshots(clients, region)).filter((s) => s.fromInstanceName === instanceName);
  return own.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
}

/** The names of a region's instances carrying a tag (key, and value if given). */
export async function instancesTagged(
  clients: LightsailClients,
  region: string,
  tag: { key: string; value?: string },
): Promise<string[]> {
  const instances = await allPages(async (pageToken) => {
    const out = await callLightsail(clients, region, 'GetInstances', (c) =>
      c.send(new GetInstancesCommand({ pageToken })),
    );
    return { items: out.instances, next: out.nextPageToken };
  });
  return instances
    .filter((i) =>
      i.tags?.some((t) => t.key === tag.key && (tag.value === undefined || t.value === tag.value)),
    )
    .flatMap((i) => (i.name ? [i.name] : []))
    .sort();
}

import { GetDiskSnapshotsCommand, GetInstanceSnapshotsCommand, type Tag } from '@aws-sdk/client-lightsail';
import type { SnapshotKind } from '../schemas/copy-snapshot';
import type { LightsailClients } from './clients';
import { SERIES_TAG_KEY, taggedRun } from './ownership';

/** A snapshot of a runbook's retention series, as retention sorts them. */
export interface SeriesSnapshot {
  name: string;
  createdAt: number;
  tags?: Tag[];
}

/** Lightsail pages its snapshot lists; a region holds few enough that a few pages cover them. */
const MAX_PAGES = 50;

/**
 * The snapshots of a series in a region: those with the series tag AND a run tag (made by a run,
 * not by hand). Read by retention before it deletes, and by the plan to say what it would delete.
 */
export async function listSeries(
  clients: LightsailClients,
  region: string,
  kind: SnapshotKind,
  series: string,
): Promise<SeriesSnapshot[]> {
  const client = clients.forRegion(region);
  const found: SeriesSnapshot[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out =
      kind === 'InstanceSnapshot'
        ? await client.send(new GetInstanceSnapshotsCommand({ pageToken })).then((o) => ({
            items: o.instanceSnapshots ?? [],
            next: o.nextPageToken,
          }))
        : await client.send(new GetDiskSnapshotsCommand({ pageToken })).then((o) => ({
            items: o.diskSnapshots ?? [],
            next: o.nextPageToken,
          }));
    for (const s of out.items) {
      if (s.tags?.some((t) => t.key === SERIES_TAG_KEY && t.value === series) && taggedRun(s.tags)) {
        found.push({ name: s.name ?? '', createdAt: s.createdAt?.getTime() ?? 0, tags: s.tags });
      }
    }
    pageToken = out.next;
    if (!pageToken) break;
  }
  return found;
}

/** The snapshots beyond the newest `keep`, oldest first: what retention deletes, in its order. */
export function beyondKeep<T extends { createdAt: number }>(snapshots: T[], keep: number): T[] {
  return [...snapshots]
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(keep)
    .reverse();
}

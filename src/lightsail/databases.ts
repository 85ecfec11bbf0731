import {
  GetRelationalDatabaseBundlesCommand,
  GetRelationalDatabaseCommand,
  GetRelationalDatabaseSnapshotCommand,
  GetRelationalDatabaseSnapshotsCommand,
  type RelationalDatabase,
  type RelationalDatabaseBundle,
  type RelationalDatabaseSnapshot,
} from '@aws-sdk/client-lightsail';
import { callLightsail } from './call';
import type { LightsailClients } from './clients';
import { isLightsailError, toTemporalFailure } from './errors';
import { allPages } from './pages';

/** One read; undefined when Lightsail answers NotFound, a Temporal failure for anything else. */
async function readOrNothing<T>(
  region: string,
  action: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isLightsailError(err, 'NotFoundException')) return undefined;
    throw toTemporalFailure(err, { action, region });
  }
}

/** Reads a relational database; undefined when there is none of that name. */
export function readDatabase(
  clients: LightsailClients,
  region: string,
  relationalDatabaseName: string,
): Promise<RelationalDatabase | undefined> {
  return readOrNothing(region, 'GetRelationalDatabase', async () => {
    const out = await clients
      .forRegion(region)
      .send(new GetRelationalDatabaseCommand({ relationalDatabaseName }));
    return out.relationalDatabase;
  });
}

/** Reads a database snapshot; undefined when there is none of that name. */
export function readDatabaseSnapshot(
  clients: LightsailClients,
  region: string,
  relationalDatabaseSnapshotName: string,
): Promise<RelationalDatabaseSnapshot | undefined> {
  return readOrNothing(region, 'GetRelationalDatabaseSnapshot', async () => {
    const out = await clients
      .forRegion(region)
      .send(new GetRelationalDatabaseSnapshotCommand({ relationalDatabaseSnapshotName }));
    return out.relationalDatabaseSnapshot;
  });
}

/** The newest available snapshot taken of a database (manual or final), if any; every page read. */
export async function newestDatabaseSnapshot(
  clients: LightsailClients,
  region: string,
  databaseName: string,
): Promise<RelationalDatabaseSnapshot | undefined> {
  const all = await allPages(async (pageToken) => {
    const out = await callLightsail(clients, region, 'GetRelationalDatabaseSnapshots', (c) =>
      c.send(new GetRelationalDatabaseSnapshotsCommand({ pageToken })),
    );
    return { items: out.relationalDatabaseSnapshots, next: out.nextPageToken };
  });
  return all
    .filter((s) => s.fromRelationalDatabaseName === databaseName && s.state === 'available')
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}

/** Every database plan, retired ones too (a source may be on one). */
export async function databaseBundles(
  clients: LightsailClients,
  region: string,
): Promise<RelationalDatabaseBundle[]> {
  return allPages(async (pageToken) => {
    const out = await callLightsail(clients, region, 'GetRelationalDatabaseBundles', (c) =>
      c.send(new GetRelationalDatabaseBundlesCommand({ includeInactive: true, pageToken })),
    );
    return { items: out.bundles, next: out.nextPageToken };
  });
}

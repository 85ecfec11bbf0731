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

/** Reads a relational database; undefined when Lightsail answers NotFound. */
export async function readDatabase(
  clients: LightsailClients,
  region: string,
  relationalDatabaseName: string,
): Promise<RelationalDatabase | undefined> {
  try {
    return (
      await clients.forRegion(region).send(new GetRelationalDatabaseCommand({ relationalDatabaseName }))
    ).relationalDatabase;
  } catch (err) {
    if (isLightsailError(err, 'NotFoundException')) return undefined;
    throw toTemporalFailure(err, { action: 'GetRelationalDatabase', region });
  }
}

/** Reads a database snapshot; undefined when Lightsail answers NotFound. */
export async function readDatabaseSnapshot(
  clients: LightsailClients,
  region: string,
  relationalDatabaseSnapshotName: string,
): Promise<RelationalDatabaseSnapshot | undefined> {
  try {
    return (
      await clients
        .forRegion(region)
        .send(new GetRelationalDatabaseSnapshotCommand({ relationalDatabaseSnapshotName }))
    ).relationalDatabaseSnapshot;
  } catch (err) {
    if (isLightsailError(err, 'NotFoundException')) return undefined;
    throw toTemporalFailure(err, { action: 'GetRelationalDatabaseSnapshot', region });
  }
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

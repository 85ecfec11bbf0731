import {
  CreateRelationalDatabaseCommand,
  CreateRelationalDatabaseSnapshotCommand,
  GetRelationalDatabaseCommand,
  GetRelationalDatabaseMasterUserPasswordCommand,
  GetRelationalDatabaseSnapshotCommand,
  type RelationalDatabase,
} from '@aws-sdk/client-lightsail';
import type { LightsailClients } from '../../src/lightsail/clients';
import { readDatabase } from '../../src/lightsail/databases';
import { uniqueName, waitUntil } from './fixtures';

/** Arranges databases in the emulator through the real SDK, as a user's account would hold them. */

/** An available PostgreSQL database with a known password. */
export async function createDatabase(
  clients: LightsailClients,
  region: string,
  prefix: string,
  options: { bundleId?: string; password?: string; tags?: { key: string; value: string }[] } = {},
): Promise<RelationalDatabase> {
  const name = uniqueName(prefix);
  await clients.forRegion(region).send(
    new CreateRelationalDatabaseCommand({
      relationalDatabaseName: name,
      relationalDatabaseBlueprintId: 'postgres_16',
      relationalDatabaseBundleId: options.bundleId ?? 'micro_2_0',
      masterDatabaseName: 'app',
      masterUsername: 'admin',
      ...(options.password ? { masterUserPassword: options.password } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
    }),
  );
  return databaseAvailable(clients, region, name);
}

/** Waits until the database is available; answers it. */
export function databaseAvailable(
  clients: LightsailClients,
  region: string,
  name: string,
): Promise<RelationalDatabase> {
  return waitUntil(`database ${name} available`, async () => {
    const db = await readDatabase(clients, region, name);
    return db?.state === 'available' ? db : undefined;
  });
}

/** An available manual snapshot of a database. */
export async function snapshotDatabase(
  clients: LightsailClients,
  region: string,
  databaseName: string,
  snapshotName: string,
): Promise<void> {
  const client = clients.forRegion(region);
  await client.send(
    new CreateRelationalDatabaseSnapshotCommand({
      relationalDatabaseName: databaseName,
      relationalDatabaseSnapshotName: snapshotName,
    }),
  );
  await waitUntil(`snapshot ${snapshotName} available`, async () => {
    const out = await client.send(
      new GetRelationalDatabaseSnapshotCommand({ relationalDatabaseSnapshotName: snapshotName }),
    );
    return out.relationalDatabaseSnapshot?.state === 'available' ? true : undefined;
  });
}

/** What the emulator answers as the database's master password (the test's check of what was set). */
export async function masterPassword(
  clients: LightsailClients,
  region: string,
  relationalDatabaseName: string,
): Promise<string | undefined> {
  const out = await clients
    .forRegion(region)
    .send(new GetRelationalDatabaseMasterUserPasswordCommand({ relationalDatabaseName }));
  return out.masterUserPassword;
}

/** The database's state, or undefined when there is none of that name. */
export async function databaseState(
  clients: LightsailClients,
  region: string,
  name: string,
): Promise<string | undefined> {
  return (
    await clients
      .forRegion(region)
      .send(new GetRelationalDatabaseCommand({ relationalDatabaseName: name }))
      .catch(() => undefined)
  )?.relationalDatabase?.state;
}

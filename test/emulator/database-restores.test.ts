import { strict as assert } from 'node:assert';
import {
  CreateRelationalDatabaseCommand,
  CreateRelationalDatabaseFromSnapshotCommand,
  CreateRelationalDatabaseSnapshotCommand,
  DeleteRelationalDatabaseCommand,
  GetRelationalDatabaseCommand,
  GetRelationalDatabaseSnapshotCommand,
  InvalidInputException,
  UpdateRelationalDatabaseCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { useEmulator, waitFor } from './harness';
import { tcpConnects } from './instance-helpers';
import { rejectsWith } from './network-helpers';

/** What restoreDatabase needs of the emulator: restores that take their time, backups with a window, endpoints that answer. */
describe('Lightsail emulator: database restores and endpoints', () => {
  // Slow enough that the restore times can be told apart.
  const h = useEmulator({ timeScale: 600 });
  const client = () => h.lightsail(SEEDED.region);
  const get = (name: string) =>
    client().send(new GetRelationalDatabaseCommand({ relationalDatabaseName: name }));
  const availableDb = async (name: string, bundleId = 'micro_2_0') => {
    await client().send(
      new CreateRelationalDatabaseCommand({
        relationalDatabaseName: name,
        relationalDatabaseBlueprintId: 'postgres_16',
        relationalDatabaseBundleId: bundleId,
        masterDatabaseName: 'app',
        masterUsername: 'admin',
      }),
    );
    await h.control.setTimeScale(100_000);
    const out = await waitFor(
      () => get(name),
      (o) => o.relationalDatabase?.state === 'available',
    );
    await h.control.setTimeScale(600);
    return out.relationalDatabase!;
  };
  const snapshot = async (db: string, name: string) => {
    await client().send(
      new CreateRelationalDatabaseSnapshotCommand({
        relationalDatabaseName: db,
        relationalDatabaseSnapshotName: name,
      }),
    );
    await waitFor(
      () => client().send(new GetRelationalDatabaseSnapshotCommand({ relationalDatabaseSnapshotName: name })),
      (o) => o.relationalDatabaseSnapshot?.state === 'available',
    );
  };
  /** How long, in AWS seconds, a restore stays creating: from the emulator's own record of it. */
  const restoreSeconds = async (name: string) => {
    const db = (await h.control.state())[SEEDED.region]!.relationalDatabases[name]!;
    return ((db.readyAtMs - db.createdAtMs) * 600) / 1000;
  };

  it('restores a bigger snapshot more slowly than a smaller one', async () => {
    await availableDb('small-src', 'micro_2_0');
    await availableDb('big-src', 'large_2_0');
    await snapshot('small-src', 'small-snap');
    await snapshot('big-src', 'big-snap');
    await client().send(
      new CreateRelationalDatabaseFromSnapshotCommand({
        relationalDatabaseName: 'small-copy',
        relationalDatabaseSnapshotName: 'small-snap',
      }),
    );
    const small = await restoreSeconds('small-copy');
    await client().send(
      new CreateRelationalDatabaseFromSnapshotCommand({
        relationalDatabaseName: 'big-copy',
        relationalDatabaseSnapshotName: 'big-snap',
      }),
    );
    const big = await restoreSeconds('big-copy');
    assert.equal(Math.round(small), 500, 'a 40 GB restore: 300 s and 5 s a GB');
    assert.equal(Math.round(big), 1500, 'a 240 GB restore');
  });

  it('refuses a bundle smaller than the source database and a point in time outside the 7-day retention window', async () => {
    const src = await availableDb('pit-src', 'small_2_0');
    await snapshot('pit-src', 'pit-snap');
    await rejectsWith(
      client().send(
        new CreateRelationalDatabaseFromSnapshotCommand({
          relationalDatabaseName: 'too-small',
          relationalDatabaseSnapshotName: 'pit-snap',
          relationalDatabaseBundleId: 'micro_2_0',
        }),
      ),
      InvalidInputException,
      /micro_2_0 is smaller than the source's bundle small_2_0/,
    );
    const pit = (restoreTime: Date) =>
      client().send(
        new CreateRelationalDatabaseFromSnapshotCommand({
          relationalDatabaseName: 'pit-copy',
          sourceRelationalDatabaseName: 'pit-src',
          restoreTime,
        }),
      );
    // After the latest restorable time: outside the window, which the message gives.
    await rejectsWith(
      pit(new Date(Date.now() + 60_000)),
      InvalidInputException,
      /backup retention window of 7 days: .* is outside it/,
    );
    // Within it: the latest restorable time itself.
    await pit(src.latestRestorableTime!);
    assert.equal((await get('pit-copy')).relationalDatabase?.state, 'creating');

    await client().send(
      new UpdateRelationalDatabaseCommand({
        relationalDatabaseName: 'pit-src',
        disableBackupRetention: true,
      }),
    );
    await rejectsWith(
      client().send(
        new CreateRelationalDatabaseFromSnapshotCommand({
          relationalDatabaseName: 'pit-copy-2',
          sourceRelationalDatabaseName: 'pit-src',
          useLatestRestorableTime: true,
        }),
      ),
      InvalidInputException,
      /backup retention turned off/,
    );
  });

  it('an available database answers TCP at its endpoint on loopback; a deleted one does not, and its name is free again', async () => {
    const db = await availableDb('reach-db');
    const { address, port } = db.masterEndpoint!;
    assert.equal(port, 5432);
    const reached = await h.control.reach({ address: address!, port: 5432 });
    assert.equal((reached as unknown as { databaseName: string }).databaseName, 'reach-db');
    assert.equal(await tcpConnects(reached.port), true);
    await assert.rejects(h.control.reach({ address: address!, port: 3306 }), /listens on 5432/);

    await client().send(
      new DeleteRelationalDatabaseCommand({ relationalDatabaseName: 'reach-db', skipFinalSnapshot: true }),
    );
    await assert.rejects(h.control.reach({ address: address!, port: 5432 }), /is deleting/);
    assert.equal(await tcpConnects(reached.port), false);
    await h.control.setTimeScale(100_000);
    await waitFor(
      () =>
        get('reach-db').then(
          () => false,
          () => true,
        ),
      (gone) => gone,
    );
    await availableDb('reach-db');
  });
});

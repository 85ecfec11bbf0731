import { strict as assert } from 'node:assert';
import {
  CreateRelationalDatabaseCommand,
  CreateRelationalDatabaseFromSnapshotCommand,
  CreateRelationalDatabaseSnapshotCommand,
  DeleteRelationalDatabaseSnapshotCommand,
  GetRelationalDatabaseEventsCommand,
  GetRelationalDatabaseLogEventsCommand,
  GetRelationalDatabaseLogStreamsCommand,
  GetRelationalDatabaseMetricDataCommand,
  GetRelationalDatabaseParametersCommand,
  GetRelationalDatabaseSnapshotCommand,
  GetRelationalDatabaseSnapshotsCommand,
  UpdateRelationalDatabaseCommand,
  UpdateRelationalDatabaseParametersCommand,
  DeleteRelationalDatabaseCommand,
  GetRelationalDatabaseBlueprintsCommand,
  GetRelationalDatabaseBundlesCommand,
  GetRelationalDatabaseCommand,
  GetRelationalDatabaseMasterUserPasswordCommand,
  GetRelationalDatabasesCommand,
  InvalidInputException,
  NotFoundException,
  RebootRelationalDatabaseCommand,
  StartRelationalDatabaseCommand,
  StopRelationalDatabaseCommand,
  TagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsAsSerialization, rejectsWith } from './network-helpers';

// A single-zone database has no secondary zone; nothing is pending on a new database.
const DB_ABSENT = [
  'secondaryAvailabilityZone',
  'pendingModifiedValues.backupRetentionEnabled',
  'pendingModifiedValues.engineVersion',
  'pendingModifiedValues.masterUserPassword',
  'pendingMaintenanceActions',
];
const PASSWORD = 'Sw0rdfish!x9';

/** Relational database actions through the real SDK. */
describe('Lightsail emulator: relational databases', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);

  it('GetRelationalDatabaseBlueprints lists MySQL and PostgreSQL with every blueprint field typed', async () => {
    const out = await client().send(new GetRelationalDatabaseBlueprintsCommand({}));
    assertMatchesReference('GetRelationalDatabaseBlueprints', out);
    const engines = new Set(out.blueprints?.map((b) => b.engine));
    assert.deepEqual([...engines].sort(), ['mysql', 'postgres']);
  });

  it('GetRelationalDatabaseBundles lists active, encrypted bundles, and the retired ones only with includeInactive', async () => {
    const active = await client().send(new GetRelationalDatabaseBundlesCommand({}));
    assertMatchesReference('GetRelationalDatabaseBundles', active);
    assert.ok(active.bundles && active.bundles.length > 0);
    assert.ok(active.bundles.every((b) => b.isActive === true && b.isEncrypted === true));
    const all = await client().send(new GetRelationalDatabaseBundlesCommand({ includeInactive: true }));
    assertMatchesReference('GetRelationalDatabaseBundles', all);
    const inactive = all.bundles!.filter((b) => !b.isActive).map((b) => b.bundleId);
    assert.ok(inactive.includes('micro_1_0') && inactive.includes('large_ha_1_0'), inactive.join());
    assert.equal(all.bundles!.length, active.bundles.length + inactive.length);
  });

  it('GetRelationalDatabaseBundles refuses an includeInactive that is not a boolean (SerializationException)', async () => {
    await rejectsAsSerialization(
      client().send(
        new GetRelationalDatabaseBundlesCommand({ includeInactive: 'yes' as unknown as boolean }),
      ),
      /includeInactive/,
    );
  });

  const create = (
    name = 'db-1',
    extra: Partial<ConstructorParameters<typeof CreateRelationalDatabaseCommand>[0]> = {},
  ) =>
    client().send(
      new CreateRelationalDatabaseCommand({
        relationalDatabaseName: name,
        relationalDatabaseBlueprintId: 'mysql_8_0',
        relationalDatabaseBundleId: 'micro_2_0',
        masterDatabaseName: 'app',
        masterUsername: 'admin',
        masterUserPassword: PASSWORD,
        ...extra,
      }),
    );
  const get = (name = 'db-1') =>
    client().send(new GetRelationalDatabaseCommand({ relationalDatabaseName: name }));

  it('CreateRelationalDatabase answers its operation and the database goes from creating to available', async () => {
    const out = await create();
    assertMatchesReference('CreateRelationalDatabase', out);
    assert.equal(out.operations?.[0]?.operationType, 'CreateRelationalDatabase');
    const first = await get();
    assertMatchesReference('GetRelationalDatabase', first, {
      absent: DB_ABSENT.map((p) => `relationalDatabase.${p}`),
    });
    assert.equal(first.relationalDatabase?.state, 'creating');
    assert.equal(first.relationalDatabase?.masterEndpoint?.port, 3306);
    await waitFor(get, (o) => o.relationalDatabase?.state === 'available');
  });

  it('GetRelationalDatabases lists every database of the region with every field typed', async () => {
    await create('db-1');
    await create('db-2', {
      relationalDatabaseBlueprintId: 'postgres_16',
      relationalDatabaseBundleId: 'micro_ha_2_0',
    });
    const out = await client().send(new GetRelationalDatabasesCommand({}));
    assertMatchesReference('GetRelationalDatabases', out, {
      absent: DB_ABSENT.map((p) => `relationalDatabases.${p}`),
    });
    assert.deepEqual(out.relationalDatabases?.map((d) => d.name).sort(), ['db-1', 'db-2']);
    const ha = out.relationalDatabases?.find((d) => d.name === 'db-2');
    assert.equal(ha?.secondaryAvailabilityZone, `${SEEDED.region}b`);
  });

  it('CreateRelationalDatabase refuses unknown blueprints and bundles, bad names, bad passwords and a used name', async () => {
    await rejectsWith(
      create('db-1', { relationalDatabaseBlueprintId: 'oracle_19' }),
      InvalidInputException,
      /relationalDatabaseBlueprintId/,
    );
    await rejectsWith(
      create('db-1', { relationalDatabaseBundleId: 'huge_1_0' }),
      InvalidInputException,
      /relationalDatabaseBundleId/,
    );
    await rejectsWith(create('-bad'), InvalidInputException, /relationalDatabaseName/);
    await rejectsWith(create('db-1', { masterUsername: '1admin' }), InvalidInputException, /masterUsername/);
    await rejectsWith(
      create('db-1', { masterDatabaseName: 'my-db' }),
      InvalidInputException,
      /masterDatabaseName/,
    );
    await rejectsWith(
      create('db-1', { masterUserPassword: 'short' }),
      InvalidInputException,
      /masterUserPassword/,
    );
    await rejectsWith(
      create('db-1', { masterUserPassword: 'has@sign123' }),
      InvalidInputException,
      /masterUserPassword/,
    );
    await rejectsWith(
      create('db-1', { masterUserPassword: 'x'.repeat(42) }),
      InvalidInputException,
      /masterUserPassword/,
    );
    await create('db-1');
    await rejectsWith(create('db-1'), InvalidInputException, /already in use/);
  });

  it('GetRelationalDatabaseMasterUserPassword answers the password, which neither the state dump nor the audit holds', async () => {
    await create();
    const out = await client().send(
      new GetRelationalDatabaseMasterUserPasswordCommand({ relationalDatabaseName: 'db-1' }),
    );
    assertMatchesReference('GetRelationalDatabaseMasterUserPassword', out);
    assert.equal(out.masterUserPassword, PASSWORD);
    assert.ok(!JSON.stringify(await h.control.state()).includes(PASSWORD));
    assert.ok(!JSON.stringify(await h.control.audit()).includes(PASSWORD));
    await rejectsWith(
      client().send(new GetRelationalDatabaseMasterUserPasswordCommand({ relationalDatabaseName: 'nope' })),
      NotFoundException,
      /nope/,
    );
  });

  it('DeleteRelationalDatabase shows deleting, then the database is gone; an unknown name is NotFound', async () => {
    await create();
    const out = await client().send(
      new DeleteRelationalDatabaseCommand({ relationalDatabaseName: 'db-1', skipFinalSnapshot: true }),
    );
    assertMatchesReference('DeleteRelationalDatabase', out);
    assert.equal((await get()).relationalDatabase?.state, 'deleting');
    await waitFor(
      () =>
        get().then(
          () => false,
          (e: unknown) => e instanceof NotFoundException,
        ),
      (gone) => gone,
    );
    await rejectsWith(
      client().send(
        new DeleteRelationalDatabaseCommand({ relationalDatabaseName: 'db-1', skipFinalSnapshot: true }),
      ),
      NotFoundException,
      /db-1/,
    );
    await rejectsWith(get('nope'), NotFoundException, /nope/);
  });

  it('TagResource tags a relational database', async () => {
    await create();
    await client().send(
      new TagResourceCommand({ resourceName: 'db-1', tags: [{ key: 'env', value: 'test' }] }),
    );
    assert.deepEqual((await get()).relationalDatabase?.tags, [{ key: 'env', value: 'test' }]);
  });

  it('Stop, Start and RebootRelationalDatabase move the database through their states; a stopped database cannot be rebooted', async () => {
    await create();
    await waitFor(get, (o) => o.relationalDatabase?.state === 'available');
    // A reboot's 60 AWS seconds are 20 ms at the harness's scale, less than a busy machine takes
    // between two calls; at 300 they are 200 ms, so each state in between is seen.
    await h.control.setTimeScale(300);
    const name = { relationalDatabaseName: 'db-1' };
    assertMatchesReference(
      'StopRelationalDatabase',
      await client().send(new StopRelationalDatabaseCommand(name)),
    );
    assert.equal((await get()).relationalDatabase?.state, 'stopping');
    await waitFor(get, (o) => o.relationalDatabase?.state === 'stopped');
    await rejectsWith(
      client().send(new RebootRelationalDatabaseCommand(name)),
      InvalidInputException,
      /stopped/,
    );
    assertMatchesReference(
      'StartRelationalDatabase',
      await client().send(new StartRelationalDatabaseCommand(name)),
    );
    assert.equal((await get()).relationalDatabase?.state, 'starting');
    await waitFor(get, (o) => o.relationalDatabase?.state === 'available');
    assertMatchesReference(
      'RebootRelationalDatabase',
      await client().send(new RebootRelationalDatabaseCommand(name)),
    );
    assert.equal((await get()).relationalDatabase?.state, 'rebooting');
    await waitFor(get, (o) => o.relationalDatabase?.state === 'available');
    await rejectsWith(
      client().send(new StartRelationalDatabaseCommand(name)),
      InvalidInputException,
      /available/,
    );
    await rejectsWith(
      client().send(new StopRelationalDatabaseCommand({ relationalDatabaseName: 'nope' })),
      NotFoundException,
      /nope/,
    );
  });

  const available = async (name = 'db-1') => {
    await create(name);
    await waitFor(
      () => get(name),
      (o) => o.relationalDatabase?.state === 'available',
    );
  };

  it('snapshots a database, lists and reads the snapshot with every field typed, restores from it with its password, and deletes it', async () => {
    await available();
    const made = await client().send(
      new CreateRelationalDatabaseSnapshotCommand({
        relationalDatabaseName: 'db-1',
        relationalDatabaseSnapshotName: 'db-1-snap',
      }),
    );
    assertMatchesReference('CreateRelationalDatabaseSnapshot', made);
    const snap = () =>
      client().send(
        new GetRelationalDatabaseSnapshotCommand({ relationalDatabaseSnapshotName: 'db-1-snap' }),
      );
    assert.equal((await snap()).relationalDatabaseSnapshot?.state, 'creating');
    const ready = await waitFor(snap, (o) => o.relationalDatabaseSnapshot?.state === 'available');
    assertMatchesReference('GetRelationalDatabaseSnapshot', ready);
    assert.equal(ready.relationalDatabaseSnapshot?.fromRelationalDatabaseName, 'db-1');
    assertMatchesReference(
      'GetRelationalDatabaseSnapshots',
      await client().send(new GetRelationalDatabaseSnapshotsCommand({})),
      { absent: ['nextPageToken'] },
    );

    const restored = await client().send(
      new CreateRelationalDatabaseFromSnapshotCommand({
        relationalDatabaseName: 'db-2',
        relationalDatabaseSnapshotName: 'db-1-snap',
      }),
    );
    assertMatchesReference('CreateRelationalDatabaseFromSnapshot', restored);
    const password = await client().send(
      new GetRelationalDatabaseMasterUserPasswordCommand({ relationalDatabaseName: 'db-2' }),
    );
    assert.equal(password.masterUserPassword, PASSWORD);
    assert.equal((await get('db-2')).relationalDatabase?.masterUsername, 'admin');

    assertMatchesReference(
      'DeleteRelationalDatabaseSnapshot',
      await client().send(
        new DeleteRelationalDatabaseSnapshotCommand({ relationalDatabaseSnapshotName: 'db-1-snap' }),
      ),
    );
    await rejectsWith(snap(), NotFoundException, /snapshot db-1-snap does not exist/);
  });

  it('restores a point in time of another database, refusing both or neither of restoreTime and useLatestRestorableTime, and a time outside its backups', async () => {
    await available();
    const restore = (extra: object) =>
      client().send(
        new CreateRelationalDatabaseFromSnapshotCommand({
          relationalDatabaseName: 'db-pit',
          sourceRelationalDatabaseName: 'db-1',
          ...extra,
        }),
      );
    await rejectsWith(restore({}), InvalidInputException, /needs restoreTime or useLatestRestorableTime/);
    await rejectsWith(
      restore({ useLatestRestorableTime: true, restoreTime: new Date() }),
      InvalidInputException,
      /cannot be used together/,
    );
    await rejectsWith(
      restore({ restoreTime: new Date(Date.now() - 86_400_000) }),
      InvalidInputException,
      /restoreTime must be between/,
    );
    await rejectsWith(
      client().send(new CreateRelationalDatabaseFromSnapshotCommand({ relationalDatabaseName: 'db-x' })),
      InvalidInputException,
      /exactly one of relationalDatabaseSnapshotName and sourceRelationalDatabaseName/,
    );
    await restore({ useLatestRestorableTime: true });
    await waitFor(
      () => get('db-pit'),
      (o) => o.relationalDatabase?.state === 'available',
    );
  });

  it('UpdateRelationalDatabase changes access, backups and the password, refusing contradictions; parameters change only where modifiable', async () => {
    await available();
    const updated = await client().send(
      new UpdateRelationalDatabaseCommand({
        relationalDatabaseName: 'db-1',
        publiclyAccessible: true,
        disableBackupRetention: true,
        masterUserPassword: 'N3w-secret!x',
      }),
    );
    assertMatchesReference('UpdateRelationalDatabase', updated);
    const db = (await get()).relationalDatabase!;
    assert.equal(db.publiclyAccessible, true);
    assert.equal(db.backupRetentionEnabled, false);
    assert.equal(
      (
        await client().send(
          new GetRelationalDatabaseMasterUserPasswordCommand({ relationalDatabaseName: 'db-1' }),
        )
      ).masterUserPassword,
      'N3w-secret!x',
    );
    await rejectsWith(
      client().send(
        new UpdateRelationalDatabaseCommand({
          relationalDatabaseName: 'db-1',
          masterUserPassword: 'N3w-secret!y',
          rotateMasterUserPassword: true,
        }),
      ),
      InvalidInputException,
      /cannot be used together/,
    );

    const params = await client().send(
      new GetRelationalDatabaseParametersCommand({ relationalDatabaseName: 'db-1' }),
    );
    assertMatchesReference('GetRelationalDatabaseParameters', params, { absent: ['nextPageToken'] });
    assertMatchesReference(
      'UpdateRelationalDatabaseParameters',
      await client().send(
        new UpdateRelationalDatabaseParametersCommand({
          relationalDatabaseName: 'db-1',
          parameters: [{ parameterName: 'max_connections', parameterValue: '300' }],
        }),
      ),
    );
    const after = await client().send(
      new GetRelationalDatabaseParametersCommand({ relationalDatabaseName: 'db-1' }),
    );
    assert.equal(after.parameters?.find((p) => p.parameterName === 'max_connections')?.parameterValue, '300');
    await rejectsWith(
      client().send(
        new UpdateRelationalDatabaseParametersCommand({
          relationalDatabaseName: 'db-1',
          parameters: [{ parameterName: 'character_set_server', parameterValue: 'latin1' }],
        }),
      ),
      InvalidInputException,
      /character_set_server cannot be modified/,
    );
  });

  it('answers events, log streams, log events (refusing a pageToken it did not answer) and metric data of a database with every field typed', async () => {
    await available();
    const events = await client().send(
      new GetRelationalDatabaseEventsCommand({ relationalDatabaseName: 'db-1' }),
    );
    assertMatchesReference('GetRelationalDatabaseEvents', events, { absent: ['nextPageToken'] });
    assert.deepEqual(
      events.relationalDatabaseEvents?.map((e) => e.message),
      ['DB instance created', 'DB instance available'],
    );
    const streams = await client().send(
      new GetRelationalDatabaseLogStreamsCommand({ relationalDatabaseName: 'db-1' }),
    );
    assertMatchesReference('GetRelationalDatabaseLogStreams', streams);
    assert.ok(streams.logStreams?.includes('error'));
    const logEvents = await client().send(
      new GetRelationalDatabaseLogEventsCommand({ relationalDatabaseName: 'db-1', logStreamName: 'error' }),
    );
    assertMatchesReference('GetRelationalDatabaseLogEvents', logEvents);
    // Its pageToken is a token it answered (forward or backward); any other is refused.
    const forward = {
      relationalDatabaseName: 'db-1',
      logStreamName: 'error',
      pageToken: logEvents.nextForwardToken,
    };
    await client().send(new GetRelationalDatabaseLogEventsCommand(forward));
    await rejectsWith(
      client().send(new GetRelationalDatabaseLogEventsCommand({ ...forward, pageToken: 'not-a-token' })),
      InvalidInputException,
      /^The pageToken not-a-token is not valid\.$/,
    );
    await rejectsWith(
      client().send(
        new GetRelationalDatabaseLogEventsCommand({
          relationalDatabaseName: 'db-1',
          logStreamName: 'postgresql',
        }),
      ),
      InvalidInputException,
      /logStreamName must be one of/,
    );
    const now = Math.floor(Date.now() / 1000);
    const metrics = await client().send(
      new GetRelationalDatabaseMetricDataCommand({
        relationalDatabaseName: 'db-1',
        metricName: 'CPUUtilization',
        period: 60,
        startTime: new Date((now - 3600) * 1000),
        endTime: new Date((now + 60) * 1000),
        unit: 'Percent',
        statistics: ['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'],
      }),
    );
    assertMatchesReference('GetRelationalDatabaseMetricData', metrics);
    assert.ok(metrics.metricData!.length >= 1);
  });

  it('DeleteRelationalDatabase takes a final snapshot by default, and refuses to go without its name unless told to skip it', async () => {
    await available();
    await rejectsWith(
      client().send(new DeleteRelationalDatabaseCommand({ relationalDatabaseName: 'db-1' })),
      InvalidInputException,
      /finalRelationalDatabaseSnapshotName is required unless skipFinalSnapshot is true/,
    );
    await client().send(
      new DeleteRelationalDatabaseCommand({
        relationalDatabaseName: 'db-1',
        finalRelationalDatabaseSnapshotName: 'db-1-final',
      }),
    );
    const final = await client().send(
      new GetRelationalDatabaseSnapshotCommand({ relationalDatabaseSnapshotName: 'db-1-final' }),
    );
    assert.equal(final.relationalDatabaseSnapshot?.fromRelationalDatabaseName, 'db-1');
  });
});

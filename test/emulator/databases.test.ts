import { strict as assert } from 'node:assert';
import {
  CreateRelationalDatabaseCommand,
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
import { rejectsWith } from './network-helpers';

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

  it('GetRelationalDatabaseBundles lists active, encrypted bundles with every bundle field typed', async () => {
    const out = await client().send(new GetRelationalDatabaseBundlesCommand({ includeInactive: true }));
    assertMatchesReference('GetRelationalDatabaseBundles', out);
    assert.ok(out.bundles && out.bundles.length > 0);
    assert.ok(out.bundles.every((b) => b.isActive === true && b.isEncrypted === true));
  });

  it('GetRelationalDatabaseBundles refuses an includeInactive that is not a boolean', async () => {
    await assert.rejects(
      client().send(
        new GetRelationalDatabaseBundlesCommand({ includeInactive: 'yes' as unknown as boolean }),
      ),
      (e: unknown) => e instanceof InvalidInputException && /includeInactive/.test(e.message),
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
    const out = await client().send(new DeleteRelationalDatabaseCommand({ relationalDatabaseName: 'db-1' }));
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
      client().send(new DeleteRelationalDatabaseCommand({ relationalDatabaseName: 'db-1' })),
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
});

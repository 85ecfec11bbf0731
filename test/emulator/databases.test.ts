import { strict as assert } from 'node:assert';
import {
  GetRelationalDatabaseBlueprintsCommand,
  GetRelationalDatabaseBundlesCommand,
  InvalidInputException,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator } from './harness';

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
});

import { strict as assert } from 'node:assert';
import { GetBucketBundlesCommand, InvalidInputException } from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { useEmulator } from './harness';

/** Bucket actions through the real SDK. */
describe('Lightsail emulator: buckets', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);

  it('GetBucketBundles lists active bundles with every BucketBundle field typed', async () => {
    const out = await client().send(new GetBucketBundlesCommand({ includeInactive: true }));
    assert.ok(out.bundles && out.bundles.length === 3);
    for (const b of out.bundles) {
      assert.equal(typeof b.bundleId, 'string');
      assert.equal(typeof b.name, 'string');
      assert.equal(b.isActive, true);
      assert.equal(typeof b.price, 'number');
      assert.ok(Number.isInteger(b.storagePerMonthInGb));
      assert.ok(Number.isInteger(b.transferPerMonthInGb));
    }
    assert.deepEqual(
      out.bundles.map((b) => b.bundleId),
      ['small_1_0', 'medium_1_0', 'large_1_0'],
    );
  });

  it('GetBucketBundles refuses an includeInactive that is not a boolean, naming the field', async () => {
    await assert.rejects(
      client().send(new GetBucketBundlesCommand({ includeInactive: 'yes' as unknown as boolean })),
      (e: unknown) => e instanceof InvalidInputException && /includeInactive/.test(e.message),
    );
  });
});

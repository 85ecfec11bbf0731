import { strict as assert } from 'node:assert';
import {
  CreateBucketAccessKeyCommand,
  CreateBucketCommand,
  DeleteBucketAccessKeyCommand,
  GetBucketAccessKeysCommand,
  DeleteBucketCommand,
  DeleteInstanceCommand,
  GetBucketBundlesCommand,
  GetBucketsCommand,
  InvalidInputException,
  NotFoundException,
  SetResourceAccessForBucketCommand,
  TagResourceCommand,
  UpdateBucketBundleCommand,
  UpdateBucketCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator } from './harness';
import { rejectsAsSerialization } from './network-helpers';

/** Bucket actions through the real SDK. */
// Access-log destination and prefix appear only when logging is enabled; the state message only
// for a state other than OK.
const BUCKET_ABSENT = ['accessLogConfig.destination', 'accessLogConfig.prefix', 'state.message'];

describe('Lightsail emulator: buckets', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);

  it('GetBucketBundles lists active bundles with every BucketBundle field typed', async () => {
    const out = await client().send(new GetBucketBundlesCommand({ includeInactive: true }));
    assertMatchesReference('GetBucketBundles', out);
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

  it('GetBucketBundles refuses an includeInactive that is not a boolean (SerializationException), naming the field', async () => {
    await rejectsAsSerialization(
      client().send(new GetBucketBundlesCommand({ includeInactive: 'yes' as unknown as boolean })),
      /includeInactive/,
    );
  });

  it('CreateBucket answers the bucket and a Succeeded operation, every Bucket field typed', async () => {
    const out = await client().send(
      new CreateBucketCommand({
        bucketName: 'media-1',
        bundleId: 'small_1_0',
        enableObjectVersioning: true,
        tags: [{ key: 'team', value: 'web' }],
      }),
    );
    assertMatchesReference('CreateBucket', out, { absent: BUCKET_ABSENT.map((p) => `bucket.${p}`) });
    const b = out.bucket!;
    assert.equal(b.name, 'media-1');
    assert.equal(b.bundleId, 'small_1_0');
    assert.equal(b.objectVersioning, 'Enabled');
    assert.equal(b.state?.code, 'OK');
    assert.equal(b.resourceType, 'Bucket');
    assert.equal(b.ableToUpdateBundle, true);
    assert.ok(b.createdAt instanceof Date);
    assert.equal(typeof b.arn, 'string');
    assert.equal(typeof b.supportCode, 'string');
    assert.equal(typeof b.url, 'string');
    assert.equal(b.location?.regionName, SEEDED.region);
    assert.equal(b.accessRules?.getObject, 'private');
    assert.equal(b.accessLogConfig?.enabled, false);
    assert.deepEqual(b.readonlyAccessAccounts, []);
    assert.deepEqual(b.resourcesReceivingAccess, []);
    assert.deepEqual(b.tags, [{ key: 'team', value: 'web' }]);
    assert.equal(out.operations?.[0]?.operationType, 'CreateBucket');
    assert.equal(out.operations?.[0]?.status, 'Succeeded');
  });

  it('CreateBucket refuses a bad bucketName, an unknown bundleId and a name in use', async () => {
    const bad = (input: { bucketName: string; bundleId: string }, field: RegExp) =>
      assert.rejects(
        client().send(new CreateBucketCommand(input)),
        (e: unknown) => e instanceof InvalidInputException && field.test(e.message),
      );
    await bad({ bucketName: 'Bad_Name', bundleId: 'small_1_0' }, /bucketName/);
    await bad({ bucketName: 'ok-name', bundleId: 'huge_9_9' }, /bundleId/);
    await client().send(new CreateBucketCommand({ bucketName: 'taken-1', bundleId: 'small_1_0' }));
    await bad({ bucketName: 'taken-1', bundleId: 'small_1_0' }, /bucket name taken-1/);
    // Bucket names are global: another region refuses it too.
    await assert.rejects(
      h
        .lightsail('eu-west-1')
        .send(new CreateBucketCommand({ bucketName: 'taken-1', bundleId: 'small_1_0' })),
      InvalidInputException,
    );
  });

  it('GetBuckets lists buckets or one by name, with accountLevelBpaSync; an unknown name is NotFound', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'list-a', bundleId: 'medium_1_0' }));
    await client().send(new TagResourceCommand({ resourceName: 'list-a', tags: [{ key: 'k', value: 'v' }] }));
    const all = await client().send(new GetBucketsCommand({}));
    assertMatchesReference('GetBuckets', all, {
      absent: [
        ...BUCKET_ABSENT.map((p) => `buckets.${p}`),
        // The message comes only when out of sync.
        'accountLevelBpaSync.message',
      ],
    });
    assert.ok(all.buckets?.some((b) => b.name === 'list-a'));
    assert.equal(typeof all.accountLevelBpaSync?.status, 'string');
    assert.ok(all.accountLevelBpaSync?.lastSyncedAt instanceof Date);
    assert.equal(all.accountLevelBpaSync?.bpaImpactsLightsail, false);
    const one = await client().send(new GetBucketsCommand({ bucketName: 'list-a' }));
    assert.equal(one.buckets?.length, 1);
    assert.deepEqual(one.buckets?.[0]?.tags, [{ key: 'k', value: 'v' }]);
    await assert.rejects(
      client().send(new GetBucketsCommand({ bucketName: 'no-such-bucket' })),
      (e: unknown) => e instanceof NotFoundException && /no-such-bucket/.test(e.message),
    );
  });

  it('DeleteBucket removes the bucket with a DeleteBucket operation; a second delete is NotFound', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'gone-1', bundleId: 'large_1_0' }));
    const out = await client().send(new DeleteBucketCommand({ bucketName: 'gone-1', forceDelete: true }));
    assertMatchesReference('DeleteBucket', out);
    assert.equal(out.operations?.[0]?.operationType, 'DeleteBucket');
    assert.equal(out.operations?.[0]?.resourceType, 'Bucket');
    await assert.rejects(
      client().send(new DeleteBucketCommand({ bucketName: 'gone-1' })),
      (e: unknown) => e instanceof NotFoundException && /gone-1/.test(e.message),
    );
  });

  it('UpdateBucketBundle changes the bundle once a billing cycle, then ableToUpdateBundle is false', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'grow-1', bundleId: 'small_1_0' }));
    const out = await client().send(
      new UpdateBucketBundleCommand({ bucketName: 'grow-1', bundleId: 'large_1_0' }),
    );
    assertMatchesReference('UpdateBucketBundle', out);
    assert.equal(out.operations?.[0]?.operationType, 'UpdateBucketBundle');
    const got = await client().send(new GetBucketsCommand({ bucketName: 'grow-1' }));
    assert.equal(got.buckets?.[0]?.bundleId, 'large_1_0');
    assert.equal(got.buckets?.[0]?.ableToUpdateBundle, false);
    await assert.rejects(
      client().send(new UpdateBucketBundleCommand({ bucketName: 'grow-1', bundleId: 'medium_1_0' })),
      (e: unknown) => e instanceof InvalidInputException && /bundleId/.test(e.message),
    );
    await assert.rejects(
      client().send(new UpdateBucketBundleCommand({ bucketName: 'grow-1', bundleId: 'nope' })),
      (e: unknown) => e instanceof InvalidInputException && /bundleId nope/.test(e.message),
    );
  });

  it('bucket access keys: the secret is answered once, never listed, absent from the state dump and the audit', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'keys-1', bundleId: 'small_1_0' }));
    const created = await client().send(new CreateBucketAccessKeyCommand({ bucketName: 'keys-1' }));
    assertMatchesReference('CreateBucketAccessKey', created, { absent: ['accessKey.lastUsed.lastUsedDate'] });
    const secret = created.accessKey!.secretAccessKey!;
    const id = created.accessKey!.accessKeyId!;
    assert.ok(secret.length >= 40);
    assert.match(id, /^AKIA[0-9A-F]{16}$/);
    assert.equal(created.accessKey?.status, 'Active');
    assert.ok(created.accessKey?.createdAt instanceof Date);

    const listed = await client().send(new GetBucketAccessKeysCommand({ bucketName: 'keys-1' }));
    assertMatchesReference('GetBucketAccessKeys', listed, {
      absent: ['accessKeys.secretAccessKey', 'accessKeys.lastUsed.lastUsedDate'],
    });
    assert.equal(listed.accessKeys?.length, 1);
    assert.equal(listed.accessKeys?.[0]?.secretAccessKey, undefined);

    const dump = JSON.stringify(await h.control.state());
    const audit = JSON.stringify(await h.control.audit());
    assert.ok(dump.includes(id) && !dump.includes(secret));
    assert.ok(!audit.includes(secret));

    await client().send(new CreateBucketAccessKeyCommand({ bucketName: 'keys-1' }));
    await assert.rejects(
      client().send(new CreateBucketAccessKeyCommand({ bucketName: 'keys-1' })),
      (e: unknown) => e instanceof InvalidInputException && /access keys/.test(e.message),
    );
    await assert.rejects(
      client().send(new DeleteBucketCommand({ bucketName: 'keys-1' })),
      (e: unknown) => e instanceof InvalidInputException && /forceDelete/.test(e.message),
    );
    const deleted = await client().send(
      new DeleteBucketAccessKeyCommand({ bucketName: 'keys-1', accessKeyId: id }),
    );
    assertMatchesReference('DeleteBucketAccessKey', deleted);
    await assert.rejects(
      client().send(new DeleteBucketAccessKeyCommand({ bucketName: 'keys-1', accessKeyId: id })),
      (e: unknown) => e instanceof NotFoundException && /accessKeyId/.test(e.message),
    );
    await assert.rejects(
      client().send(new GetBucketAccessKeysCommand({ bucketName: 'no-bucket' })),
      (e: unknown) => e instanceof NotFoundException && /no-bucket/.test(e.message),
    );
  });

  it('UpdateBucket sets access rules, versioning, read-only accounts and access logging', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'upd-1', bundleId: 'small_1_0' }));
    await client().send(new CreateBucketCommand({ bucketName: 'logs-1', bundleId: 'small_1_0' }));
    const out = await client().send(
      new UpdateBucketCommand({
        bucketName: 'upd-1',
        accessRules: { getObject: 'public', allowPublicOverrides: true },
        versioning: 'Enabled',
        readonlyAccessAccounts: ['111122223333'],
        accessLogConfig: { enabled: true, destination: 'logs-1', prefix: 'upd-1/' },
      }),
    );
    assertMatchesReference('UpdateBucket', out, { absent: ['bucket.state.message'] });
    assert.deepEqual(out.bucket?.accessRules, { getObject: 'public', allowPublicOverrides: true });
    assert.equal(out.bucket?.objectVersioning, 'Enabled');
    assert.deepEqual(out.bucket?.readonlyAccessAccounts, ['111122223333']);
    assert.deepEqual(out.bucket?.accessLogConfig, { enabled: true, destination: 'logs-1', prefix: 'upd-1/' });
    assert.equal(out.operations?.[0]?.operationType, 'UpdateBucket');

    const suspended = await client().send(
      new UpdateBucketCommand({
        bucketName: 'upd-1',
        versioning: 'Suspended',
        accessLogConfig: { enabled: false },
      }),
    );
    assert.equal(suspended.bucket?.objectVersioning, 'Suspended');
    assert.deepEqual(suspended.bucket?.accessLogConfig, { enabled: false });
    // What was not named stays as it was.
    assert.equal(suspended.bucket?.accessRules?.getObject, 'public');
    const [listed] = (await client().send(new GetBucketsCommand({ bucketName: 'upd-1' }))).buckets ?? [];
    assert.deepEqual(listed?.readonlyAccessAccounts, ['111122223333']);
  });

  it('UpdateBucket refuses bad fields, naming each, and changes nothing', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'upd-2', bundleId: 'small_1_0' }));
    const bad: [object, RegExp][] = [
      [{ versioning: 'On' }, /versioning/],
      [{ accessRules: { getObject: 'everyone' } }, /accessRules\.getObject/],
      [
        { readonlyAccessAccounts: Array.from({ length: 11 }, (_, i) => String(100000000000 + i)) },
        /readonlyAccessAccounts/,
      ],
      [{ readonlyAccessAccounts: ['abc'] }, /readonlyAccessAccounts/],
      [{ accessLogConfig: { enabled: true } }, /accessLogConfig\.destination/],
      [{ accessLogConfig: { enabled: true, destination: 'missing-b' } }, /accessLogConfig\.destination/],
    ];
    for (const [extra, message] of bad) {
      await assert.rejects(
        client().send(
          new UpdateBucketCommand({ bucketName: 'upd-2', accessRules: { getObject: 'public' }, ...extra }),
        ),
        (e: unknown) => e instanceof InvalidInputException && message.test(e.message),
      );
    }
    const [listed] = (await client().send(new GetBucketsCommand({ bucketName: 'upd-2' }))).buckets ?? [];
    assert.equal(listed?.accessRules?.getObject, 'private');
    await assert.rejects(
      client().send(new UpdateBucketCommand({ bucketName: 'no-bucket', versioning: 'Enabled' })),
      (e: unknown) => e instanceof NotFoundException && /no-bucket/.test(e.message),
    );
  });

  it('SetResourceAccessForBucket lists an allowed instance in resourcesReceivingAccess until denied', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'shared-1', bundleId: 'small_1_0' }));
    const allowed = await client().send(
      new SetResourceAccessForBucketCommand({
        bucketName: 'shared-1',
        resourceName: SEEDED.instance,
        access: 'allow',
      }),
    );
    assertMatchesReference('SetResourceAccessForBucket', allowed);
    const bucket = async () =>
      (await client().send(new GetBucketsCommand({ bucketName: 'shared-1' }))).buckets?.[0];
    assert.deepEqual((await bucket())?.resourcesReceivingAccess, [
      { name: SEEDED.instance, resourceType: 'Instance' },
    ]);
    await client().send(
      new SetResourceAccessForBucketCommand({
        bucketName: 'shared-1',
        resourceName: SEEDED.instance,
        access: 'deny',
      }),
    );
    assert.deepEqual((await bucket())?.resourcesReceivingAccess, []);
  });

  it('SetResourceAccessForBucket refuses a bad access value and an unknown instance', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'shared-2', bundleId: 'small_1_0' }));
    await assert.rejects(
      client().send(
        new SetResourceAccessForBucketCommand({
          bucketName: 'shared-2',
          resourceName: SEEDED.instance,
          access: 'maybe' as 'allow',
        }),
      ),
      (e: unknown) => e instanceof InvalidInputException && /access/.test(e.message),
    );
    await assert.rejects(
      client().send(
        new SetResourceAccessForBucketCommand({
          bucketName: 'shared-2',
          resourceName: 'ghost',
          access: 'allow',
        }),
      ),
      (e: unknown) => e instanceof NotFoundException && /ghost/.test(e.message),
    );
  });

  it('DeleteInstance removes the instance from the resourcesReceivingAccess of buckets', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'shared-3', bundleId: 'small_1_0' }));
    await client().send(
      new SetResourceAccessForBucketCommand({
        bucketName: 'shared-3',
        resourceName: SEEDED.instance,
        access: 'allow',
      }),
    );
    await client().send(new DeleteInstanceCommand({ instanceName: SEEDED.instance }));
    const [bucket] = (await client().send(new GetBucketsCommand({ bucketName: 'shared-3' }))).buckets ?? [];
    assert.deepEqual(bucket?.resourcesReceivingAccess, []);
  });
});

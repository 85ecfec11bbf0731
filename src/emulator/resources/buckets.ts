import { randomBytes } from 'node:crypto';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { RegionStore, StoredBase } from '../state';
import { optionalBoolean, optionalString, requireString, tagsParam, type Params } from '../validation';
import { BUCKET_BUNDLES } from './bucket-bundles';
import { newResource, operationOn } from './common';

/** A bucket as stored: no objects are kept; the emulator models the resource, not S3. */
export interface StoredBucket extends StoredBase {
  bundleId: string;
  objectVersioning: 'Enabled' | 'Suspended' | 'NeverEnabled';
  /** A bundle can change once a billing cycle: until then UpdateBucketBundle refuses. */
  bundleLockedUntilAtMs?: number;
  /**
   * Access keys without their secrets: the secretAccessKey is answered once by
   * CreateBucketAccessKey and never stored, so neither the state dump nor persistence holds it.
   */
  accessKeys: { accessKeyId: string; createdAtMs: number }[];
  /** Set by UpdateBucket; absent means Lightsail's defaults (private, no logging, no accounts). */
  accessRules?: BucketAccessRules;
  accessLogConfig?: BucketAccessLogConfig;
  readonlyAccessAccounts?: string[];
  /** Instances given access by SetResourceAccessForBucket, by name. */
  instancesWithAccess?: string[];
}

export interface BucketAccessRules {
  getObject: 'public' | 'private';
  allowPublicOverrides: boolean;
}

export interface BucketAccessLogConfig {
  enabled: boolean;
  destination?: string;
  prefix?: string;
}

/** Lightsail allows two access keys a bucket. */
const MAX_ACCESS_KEYS = 2;

function accessKeyView(k: { accessKeyId: string; createdAtMs: number }) {
  return {
    accessKeyId: k.accessKeyId,
    createdAt: k.createdAtMs / 1000,
    status: 'Active',
    // Never used: Lightsail answers N/A for the region and service and no date.
    lastUsed: { region: 'N/A', serviceName: 'N/A' },
  };
}

/** A monthly billing cycle, in AWS seconds (scaled by the time scale like every duration). */
const BUNDLE_CYCLE_AWS_SECONDS = 30 * 24 * 3600;

function ableToUpdateBundle(b: StoredBucket, now: number): boolean {
  return b.bundleLockedUntilAtMs === undefined || now >= b.bundleLockedUntilAtMs;
}

function requireBucketBundle(params: Params): string {
  const bundleId = requireString(params, 'bundleId');
  if (!BUCKET_BUNDLES.some((b) => b.bundleId === bundleId)) {
    throw invalidInput(`The bundleId ${bundleId} is not a bucket bundle; see GetBucketBundles.`);
  }
  return bundleId;
}

export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,52}[a-z0-9]$/;

export function getBucket(ctx: ActionContext, name: string): StoredBucket {
  const bucket = ctx.store.buckets[name];
  if (!bucket) throw notFound(`The Bucket does not exist: ${name} in ${ctx.region}.`);
  return bucket;
}

/** A deleted instance no longer receives access to any bucket of its region. */
export function revokeBucketAccess(store: RegionStore, instanceName: string): void {
  for (const bucket of Object.values(store.buckets)) {
    if (bucket.instancesWithAccess?.includes(instanceName)) {
      bucket.instancesWithAccess = bucket.instancesWithAccess.filter((n) => n !== instanceName);
    }
  }
}

export function bucketView(b: StoredBucket, region: string, now: number) {
  return {
    ableToUpdateBundle: ableToUpdateBundle(b, now),
    accessLogConfig: b.accessLogConfig ?? { enabled: false },
    accessRules: b.accessRules ?? { getObject: 'private', allowPublicOverrides: false },
    arn: b.arn,
    bundleId: b.bundleId,
    createdAt: b.createdAtMs / 1000,
    location: { availabilityZone: 'all', regionName: region },
    name: b.name,
    objectVersioning: b.objectVersioning,
    readonlyAccessAccounts: b.readonlyAccessAccounts ?? [],
    resourcesReceivingAccess: (b.instancesWithAccess ?? []).map((name) => ({
      name,
      resourceType: 'Instance',
    })),
    resourceType: 'Bucket',
    // Buckets are usable as soon as CreateBucket answers; Lightsail reports OK at once.
    state: { code: 'OK' },
    supportCode: b.supportCode,
    tags: b.tags,
    url: `https://${b.name}.s3.${region}.amazonaws.com/`,
  };
}

export function registerBuckets(registry: ActionRegistry): void {
  registry.registerTaggable('Bucket', (store, name) => store.buckets[name]);

  registry.register(
    'CreateBucket',
    (ctx, params) => {
      const name = requireString(params, 'bucketName');
      if (!BUCKET_NAME.test(name)) {
        throw invalidInput(
          `The bucketName ${name} is not valid: 3 to 54 lowercase letters, digits and hyphens, starting and ending with a letter or digit.`,
        );
      }
      const bundleId = requireBucketBundle(params);
      const versioning = optionalBoolean(params, 'enableObjectVersioning');
      // Bucket names are global on AWS: refuse a name used in any region of the emulator.
      for (const store of Object.values(ctx.state)) {
        if (store.buckets[name]) throw invalidInput(`The bucket name ${name} is already in use.`);
      }
      const bucket: StoredBucket = {
        ...newResource(ctx, name, 'Bucket', 'all', 0, tagsParam(params)),
        bundleId,
        objectVersioning: versioning ? 'Enabled' : 'NeverEnabled',
        accessKeys: [],
      };
      ctx.store.buckets[name] = bucket;
      return {
        bucket: bucketView(bucket, ctx.region, ctx.clock.now()),
        ...operationOn(ctx, bucket, 'Bucket', 'CreateBucket'),
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetBuckets',
    (ctx, params) => {
      const name = optionalString(params, 'bucketName');
      optionalBoolean(params, 'includeConnectedResources');
      const buckets = name === undefined ? Object.values(ctx.store.buckets) : [getBucket(ctx, name)];
      return {
        buckets: buckets.map((b) => bucketView(b, ctx.region, ctx.clock.now())),
        accountLevelBpaSync: {
          status: 'InSync',
          lastSyncedAt: Math.floor(ctx.clock.now() / 1000),
          bpaImpactsLightsail: false,
        },
      };
    },
    { mutating: false },
  );

  registry.register(
    'DeleteBucket',
    (ctx, params) => {
      const bucket = getBucket(ctx, requireString(params, 'bucketName'));
      // Objects are not modelled; access keys are, and only forceDelete deletes a bucket with keys.
      if (!optionalBoolean(params, 'forceDelete') && bucket.accessKeys.length > 0) {
        throw invalidInput(
          `The bucket ${bucket.name} has access keys; delete them or set forceDelete to delete it.`,
        );
      }
      delete ctx.store.buckets[bucket.name];
      return operationOn(ctx, bucket, 'Bucket', 'DeleteBucket');
    },
    { mutating: true },
  );

  registry.register(
    'UpdateBucketBundle',
    (ctx, params) => {
      const bucket = getBucket(ctx, requireString(params, 'bucketName'));
      const bundleId = requireBucketBundle(params);
      if (!ableToUpdateBundle(bucket, ctx.clock.now())) {
        throw invalidInput(
          `The bundleId of bucket ${bucket.name} can be updated only once a monthly billing cycle; GetBuckets shows ableToUpdateBundle.`,
        );
      }
      bucket.bundleId = bundleId;
      bucket.bundleLockedUntilAtMs = ctx.clock.after(BUNDLE_CYCLE_AWS_SECONDS);
      return operationOn(ctx, bucket, 'Bucket', 'UpdateBucketBundle');
    },
    { mutating: true },
  );

  registry.register(
    'CreateBucketAccessKey',
    (ctx, params) => {
      const bucket = getBucket(ctx, requireString(params, 'bucketName'));
      if (bucket.accessKeys.length >= MAX_ACCESS_KEYS) {
        throw invalidInput(
          `The bucket ${bucket.name} already has ${MAX_ACCESS_KEYS} access keys, the limit.`,
        );
      }
      const key = {
        accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
        createdAtMs: ctx.clock.now(),
      };
      bucket.accessKeys.push(key);
      return {
        accessKey: { ...accessKeyView(key), secretAccessKey: randomBytes(30).toString('base64') },
        ...operationOn(ctx, bucket, 'Bucket', 'CreateBucketAccessKey'),
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetBucketAccessKeys',
    (ctx, params) => ({
      accessKeys: getBucket(ctx, requireString(params, 'bucketName')).accessKeys.map(accessKeyView),
    }),
    { mutating: false },
  );

  registry.register(
    'DeleteBucketAccessKey',
    (ctx, params) => {
      const bucket = getBucket(ctx, requireString(params, 'bucketName'));
      const id = requireString(params, 'accessKeyId');
      if (!bucket.accessKeys.some((k) => k.accessKeyId === id)) {
        throw notFound(`The accessKeyId ${id} does not exist for bucket ${bucket.name}.`);
      }
      bucket.accessKeys = bucket.accessKeys.filter((k) => k.accessKeyId !== id);
      return operationOn(ctx, bucket, 'Bucket', 'DeleteBucketAccessKey');
    },
    { mutating: true },
  );
}

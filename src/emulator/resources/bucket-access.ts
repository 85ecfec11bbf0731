import { invalidInput } from '../errors';
import type { ActionRegistry } from '../registry';
import { optionalString, requireName, requireOneOf, requireString, type Params } from '../validation';
import { instanceStateName } from '../views';
import {
  BUCKET_NAME,
  bucketView,
  getBucket,
  type BucketAccessLogConfig,
  type BucketAccessRules,
  type StoredBucket,
} from './buckets';
import { operationOn } from './common';
import { asText } from './domains/common';
import { getInstanceOrThrow } from './instances';

/** UpdateBucket and SetResourceAccessForBucket: who can reach a bucket's objects, and how. */

/** Lightsail lets at most 10 other AWS accounts read a bucket. */
const MAX_READONLY_ACCOUNTS = 10;
const ACCOUNT_ID = /^\d{12}$/;

function objectParam(params: Params, field: string): Record<string, unknown> | undefined {
  const value = params[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidInput(`The ${field} parameter must be an object.`);
  }
  return value as Record<string, unknown>;
}

function accessRulesParam(params: Params, current: BucketAccessRules): BucketAccessRules | undefined {
  const rules = objectParam(params, 'accessRules');
  if (!rules) return undefined;
  const getObject =
    rules.getObject === undefined
      ? current.getObject
      : requireOneOf('accessRules.getObject', asText(rules.getObject), ['public', 'private'] as const);
  if (rules.allowPublicOverrides !== undefined && typeof rules.allowPublicOverrides !== 'boolean') {
    throw invalidInput('accessRules.allowPublicOverrides must be a boolean.');
  }
  return { getObject, allowPublicOverrides: rules.allowPublicOverrides ?? current.allowPublicOverrides };
}

function accessLogConfigParam(
  params: Params,
  store: { buckets: Record<string, StoredBucket> },
  self: string,
) {
  const config = objectParam(params, 'accessLogConfig');
  if (!config) return undefined;
  if (typeof config.enabled !== 'boolean') {
    throw invalidInput('accessLogConfig.enabled is required and must be a boolean.');
  }
  if (!config.enabled) {
    // The reference: destination and prefix are omitted when disabling the access log.
    if (config.destination !== undefined || config.prefix !== undefined) {
      throw invalidInput(
        'accessLogConfig.destination and prefix must be omitted when disabling the access log.',
      );
    }
    return { enabled: false } satisfies BucketAccessLogConfig;
  }
  const destination = optionalString(config, 'destination');
  if (destination === undefined) {
    throw invalidInput('accessLogConfig.destination is required when enabling the access log.');
  }
  if (!BUCKET_NAME.test(destination) || !store.buckets[destination]) {
    throw invalidInput(
      `accessLogConfig.destination ${destination} must be a bucket of yours in the same region as ${self}.`,
    );
  }
  const prefix = optionalString(config, 'prefix');
  if (prefix !== undefined && !/^[\w!.*'()/-]{1,100}$/.test(prefix)) {
    throw invalidInput(
      `accessLogConfig.prefix ${prefix} is not valid: up to 100 letters, digits and ! - _ . * ' ( ) /.`,
    );
  }
  return { enabled: true, destination, prefix } satisfies BucketAccessLogConfig;
}

function readonlyAccountsParam(params: Params): string[] | undefined {
  const value = params.readonlyAccessAccounts;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw invalidInput('The readonlyAccessAccounts parameter must be a list of AWS account IDs.');
  }
  if (value.length > MAX_READONLY_ACCOUNTS) {
    throw invalidInput(`readonlyAccessAccounts can name at most ${MAX_READONLY_ACCOUNTS} AWS accounts.`);
  }
  const bad = value.find((id) => !ACCOUNT_ID.test(id));
  if (bad !== undefined)
    throw invalidInput(`readonlyAccessAccounts: ${bad} is not a 12-digit AWS account ID.`);
  return [...new Set(value)];
}

export function registerBucketAccess(registry: ActionRegistry): void {
  registry.register(
    'UpdateBucket',
    (ctx, params) => {
      const bucket = getBucket(ctx, requireString(params, 'bucketName'));
      const view = bucketView(bucket, ctx.region, ctx.clock.now());
      // Everything is checked before anything changes: a refused update leaves the bucket as it was.
      const accessRules = accessRulesParam(params, view.accessRules);
      const versioningParam = optionalString(params, 'versioning');
      const versioning =
        versioningParam === undefined
          ? undefined
          : requireOneOf('versioning', versioningParam, ['Enabled', 'Suspended'] as const);
      const readonlyAccessAccounts = readonlyAccountsParam(params);
      const accessLogConfig = accessLogConfigParam(params, ctx.store, bucket.name);
      if (accessRules) bucket.accessRules = accessRules;
      // Suspending versioning that was never enabled changes nothing, as on S3.
      if (versioning && !(versioning === 'Suspended' && bucket.objectVersioning === 'NeverEnabled')) {
        bucket.objectVersioning = versioning;
      }
      if (readonlyAccessAccounts) bucket.readonlyAccessAccounts = readonlyAccessAccounts;
      if (accessLogConfig) bucket.accessLogConfig = accessLogConfig;
      return {
        bucket: bucketView(bucket, ctx.region, ctx.clock.now()),
        ...operationOn(ctx, bucket, 'Bucket', 'UpdateBucket'),
      };
    },
    { mutating: true },
  );

  registry.register(
    'SetResourceAccessForBucket',
    (ctx, params) => {
      const bucket = getBucket(ctx, requireString(params, 'bucketName'));
      const instance = getInstanceOrThrow(ctx, requireName(params, 'resourceName'));
      const access = requireOneOf('access', requireString(params, 'access'), ['allow', 'deny'] as const);
      const state = instanceStateName(instance, ctx.clock.now());
      // The reference: the instance must be in a running or stopped state.
      if (state !== 'running' && state !== 'stopped') {
        throw invalidInput(
          `The instance ${instance.name} is ${state}; it must be running or stopped to get bucket access.`,
        );
      }
      const others = (bucket.instancesWithAccess ?? []).filter((n) => n !== instance.name);
      bucket.instancesWithAccess = access === 'allow' ? [...others, instance.name] : others;
      return operationOn(ctx, bucket, 'Bucket', 'SetResourceAccessForBucket');
    },
    { mutating: true },
  );
}

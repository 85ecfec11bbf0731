import type { OperationType } from '../../operation-types';
import { LightsailError, invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import {
  checkName,
  optionalString,
  requireOneOf,
  requireString,
  tagsParam,
  type Params,
} from '../../validation';
import { certificateStatus } from './certificates';
import { behaviorParam, cacheSettingsParam, perPathParam } from './cache-settings';
import {
  asText,
  assertUsEast1,
  globalOperation,
  newGlobalResource,
  GLOBAL_REGION,
  zonelessTaggable,
} from './common';
import {
  cacheResetView,
  DISTRIBUTION_BUNDLES,
  distributionStatus,
  distributionView,
} from './distribution-views';
import { admitDistributionDomain } from '../containers/public-domains';
import { originParam } from './origins';
import { reservePort } from '../../serving/port-pool';
import { DOMAIN_DURATIONS, type StoredDistribution } from './types';

/** The pattern the reference gives distribution names: \w[\w\-]*\w. */
function distributionName(params: Params, required = true): string {
  const name = required
    ? requireString(params, 'distributionName')
    : optionalString(params, 'distributionName');
  if (name === undefined) return '';
  checkName('distributionName', name);
  return name;
}

export function getDistribution(ctx: ActionContext, params: Params): StoredDistribution {
  const name = distributionName(params);
  const d = ctx.store.distributions[name];
  if (!d) throw notFound(`The Distribution does not exist: ${name}.`);
  return d;
}

/** A change that must reach every edge: InProgress again for the rollout time. */
function rollOut(ctx: ActionContext, d: StoredDistribution): void {
  const now = ctx.clock.now();
  // Edges not yet reached by an earlier rollout still serve its predecessor's origin.
  if (now >= d.rolloutEndAtMs || d.previousOrigin === undefined) d.previousOrigin = { ...d.origin };
  d.rolloutStartAtMs = now;
  d.rolloutEndAtMs = ctx.clock.after(DOMAIN_DURATIONS.updateDistribution);
}

function bundleParam(params: Params): string {
  const bundleId = requireString(params, 'bundleId');
  const bundle = DISTRIBUTION_BUNDLES.find((b) => b.bundleId === bundleId);
  if (!bundle?.isActive) {
    throw invalidInput(
      `bundleId ${bundleId} is not an active distribution bundle; use GetDistributionBundles (${DISTRIBUTION_BUNDLES.map((b) => b.bundleId).join(', ')}).`,
    );
  }
  return bundleId;
}

function booleanParam(params: Params, field: string): boolean | undefined {
  const v = params[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw invalidInput(`The ${field} parameter must be a boolean.`);
  return v;
}

export function registerDistributions(registry: ActionRegistry): void {
  registry.registerTaggable('Distribution', (store, name) => zonelessTaggable(store.distributions[name]));

  const op = (ctx: ActionContext, d: StoredDistribution, type: OperationType, awsSeconds = 0) =>
    globalOperation(ctx, d.name, 'Distribution', type, awsSeconds);

  registry.register(
    'CreateDistribution',
    (ctx, params) => {
      assertUsEast1(ctx);
      const name = distributionName(params);
      if (ctx.store.distributions[name])
        throw invalidInput(`The distribution name ${name} is already in use.`);
      const origin = originParam(ctx.state, params.origin);
      if (params.defaultCacheBehavior === undefined) {
        throw invalidInput('The defaultCacheBehavior parameter is required.');
      }
      const defaultCacheBehavior = behaviorParam(params.defaultCacheBehavior, 'defaultCacheBehavior');
      const ipAddressType =
        params.ipAddressType === undefined
          ? 'dualstack'
          : requireOneOf('ipAddressType', asText(params.ipAddressType), ['dualstack', 'ipv4'] as const);
      const bundleId = bundleParam(params);
      const cacheBehaviorSettings = cacheSettingsParam(params.cacheBehaviorSettings);
      const cacheBehaviors = perPathParam(params.cacheBehaviors);
      const tags = tagsParam(params);
      const port = reservePort();
      if (port === undefined) {
        throw new LightsailError(
          'ServiceException',
          'No loopback port is free for the distribution yet; try again.',
        );
      }
      const base = newGlobalResource(ctx, 'Distribution', GLOBAL_REGION, tags);
      const d: StoredDistribution = {
        name,
        arn: base.arn,
        supportCode: base.supportCode,
        createdAtMs: base.createdAtMs,
        tags,
        bundleId,
        ipAddressType,
        isEnabled: true,
        origin,
        rolloutStartAtMs: base.createdAtMs,
        rolloutEndAtMs: ctx.clock.after(DOMAIN_DURATIONS.createDistribution),
        defaultCacheBehavior,
        cacheBehaviors,
        cacheBehaviorSettings,
        alternativeDomainNames: [],
        port,
        failed: ctx.failure ? true : undefined,
      };
      ctx.store.distributions[name] = d;
      admitDistributionDomain(ctx.state, origin, d);
      return {
        distribution: distributionView(d, ctx.clock),
        operation: op(ctx, d, 'CreateDistribution', DOMAIN_DURATIONS.createDistribution),
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetDistributions',
    (ctx, params) => {
      assertUsEast1(ctx);
      const name = distributionName(params, false);
      if (name && !ctx.store.distributions[name]) throw notFound(`The Distribution does not exist: ${name}.`);
      const all = Object.values(ctx.store.distributions)
        .filter((d) => !name || d.name === name)
        .sort((a, b) => a.name.localeCompare(b.name));
      // Paged by the server (pagination.ts), like every paginated action.
      return { distributions: all.map((d) => distributionView(d, ctx.clock)) };
    },
    { mutating: false },
  );

  registry.register(
    'GetDistributionBundles',
    (ctx) => {
      assertUsEast1(ctx);
      return { bundles: DISTRIBUTION_BUNDLES.map((b) => ({ ...b })) };
    },
    { mutating: false },
  );

  registry.register(
    'UpdateDistribution',
    (ctx, params) => {
      assertUsEast1(ctx);
      const d = getDistribution(ctx, params);
      // Parse everything first, so a bad field changes nothing.
      const origin = params.origin === undefined ? undefined : originParam(ctx.state, params.origin);
      const behavior =
        params.defaultCacheBehavior === undefined
          ? undefined
          : behaviorParam(params.defaultCacheBehavior, 'defaultCacheBehavior');
      const settings =
        params.cacheBehaviorSettings === undefined
          ? undefined
          : cacheSettingsParam(params.cacheBehaviorSettings);
      const perPath = params.cacheBehaviors === undefined ? undefined : perPathParam(params.cacheBehaviors);
      const isEnabled = booleanParam(params, 'isEnabled');
      if (!origin && !behavior && !settings && !perPath && isEnabled === undefined) {
        throw invalidInput(
          'UpdateDistribution needs at least one of origin, defaultCacheBehavior, cacheBehaviorSettings, cacheBehaviors and isEnabled.',
        );
      }
      rollOut(ctx, d);
      if (origin) {
        d.origin = origin;
        admitDistributionDomain(ctx.state, origin, d);
      }
      if (behavior) d.defaultCacheBehavior = behavior;
      if (settings) d.cacheBehaviorSettings = settings;
      if (perPath) d.cacheBehaviors = perPath;
      if (isEnabled !== undefined) d.isEnabled = isEnabled;
      return { operation: op(ctx, d, 'UpdateDistribution', DOMAIN_DURATIONS.updateDistribution) };
    },
    { mutating: true },
  );

  registry.register(
    'UpdateDistributionBundle',
    (ctx, params) => {
      assertUsEast1(ctx);
      const d = getDistribution(ctx, params);
      const bundleId = bundleParam(params);
      if (d.bundleLockedUntilAtMs !== undefined && ctx.clock.now() < d.bundleLockedUntilAtMs) {
        throw invalidInput(
          `The bundle of distribution ${d.name} was already changed in this billing cycle (ableToUpdateBundle is false); try again next cycle.`,
        );
      }
      if (bundleId === d.bundleId)
        throw invalidInput(`The distribution ${d.name} already uses bundle ${bundleId}.`);
      d.bundleId = bundleId;
      d.bundleLockedUntilAtMs = ctx.clock.after(DOMAIN_DURATIONS.bundleChangeLock);
      return { operation: op(ctx, d, 'UpdateDistributionBundle') };
    },
    { mutating: true },
  );

  registry.register(
    'DeleteDistribution',
    (ctx, params) => {
      assertUsEast1(ctx);
      const d = getDistribution(ctx, params);
      delete ctx.store.distributions[d.name];
      return { operation: op(ctx, d, 'DeleteDistribution') };
    },
    { mutating: true },
  );

  registry.register(
    'ResetDistributionCache',
    (ctx, params) => {
      assertUsEast1(ctx);
      const d = getDistribution(ctx, params);
      // The serving layer drops every response cached before this moment.
      d.lastCacheReset = {
        createdAtMs: ctx.clock.now(),
        completesAtMs: ctx.clock.after(DOMAIN_DURATIONS.resetDistributionCache),
      };
      return {
        ...cacheResetView(d, ctx.clock.now()),
        operation: op(ctx, d, 'ResetDistributionCache', DOMAIN_DURATIONS.resetDistributionCache),
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetDistributionLatestCacheReset',
    (ctx, params) => {
      assertUsEast1(ctx);
      const name = distributionName(params, false);
      if (name) return cacheResetView(getDistribution(ctx, params), ctx.clock.now());
      // Without a name: the latest reset of all distributions.
      const latest = Object.values(ctx.store.distributions)
        .filter((d) => d.lastCacheReset)
        .sort((a, b) => b.lastCacheReset!.createdAtMs - a.lastCacheReset!.createdAtMs)[0];
      return latest ? cacheResetView(latest, ctx.clock.now()) : {};
    },
    { mutating: false },
  );

  registry.register(
    'AttachCertificateToDistribution',
    (ctx, params) => {
      assertUsEast1(ctx);
      const d = getDistribution(ctx, params);
      const certName = requireString(params, 'certificateName');
      checkName('certificateName', certName);
      // Distributions are in us-east-1, so only that region's certificates can be found.
      const cert = ctx.store.certificates[certName];
      if (!cert) {
        throw notFound(
          `The Certificate does not exist: ${certName} in ${GLOBAL_REGION} (only certificates created in us-east-1 can be attached to distributions).`,
        );
      }
      const status = certificateStatus(cert, ctx.clock);
      if (status !== 'ISSUED') {
        throw invalidInput(
          `The certificate ${certName} is ${status}; only certificates with a status of ISSUED can be attached to a distribution.`,
        );
      }
      if (distributionStatus(d, ctx.clock.now()) === 'Failed') {
        throw invalidInput(`The distribution ${d.name} is in state Failed.`);
      }
      rollOut(ctx, d);
      d.certificateName = cert.name;
      d.alternativeDomainNames = [...cert.subjectAlternativeNames];
      return {
        operation: op(ctx, d, 'AttachCertificateToDistribution', DOMAIN_DURATIONS.updateDistribution),
      };
    },
    { mutating: true },
  );

  registry.register(
    'DetachCertificateFromDistribution',
    (ctx, params) => {
      assertUsEast1(ctx);
      const d = getDistribution(ctx, params);
      if (d.certificateName === undefined) {
        throw invalidInput(`The distribution ${d.name} has no certificate attached.`);
      }
      rollOut(ctx, d);
      d.certificateName = undefined;
      d.alternativeDomainNames = [];
      return {
        operation: op(ctx, d, 'DetachCertificateFromDistribution', DOMAIN_DURATIONS.updateDistribution),
      };
    },
    { mutating: true },
  );
}

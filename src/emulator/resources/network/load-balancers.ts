import type { OperationType } from '../../operation-types';
import { createHash } from 'node:crypto';
import { deleteAlarmsOf } from '../alarms/monitored-resources';
import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import {
  checkName,
  optionalString,
  requireName,
  requireOneOf,
  requireString,
  requireStringList,
  tagsParam,
} from '../../validation';
import { instanceStateName } from '../../views';
import { assertReady, newResource } from '../common';
import { getInstanceOrThrow } from '../instances';
import { createCertificate } from './load-balancer-certificates';
import { TLS_POLICIES, loadBalancerState, loadBalancerView } from './load-balancer-views';
import { NETWORK_DURATIONS, type StoredLoadBalancer } from './types';

/** The reference: "You can create up to 5 load balancers per AWS Region in your account." */
const MAX_LOAD_BALANCERS = 5;
const ATTRIBUTES = [
  'HealthCheckPath',
  'SessionStickinessEnabled',
  'SessionStickiness_LB_CookieDurationSeconds',
  'HttpsRedirectionEnabled',
  'TlsPolicyName',
] as const;

export function getLoadBalancer(ctx: ActionContext, name: string): StoredLoadBalancer {
  const lb = ctx.store.loadBalancers[name];
  if (!lb) throw notFound(`The LoadBalancer does not exist: ${name} in ${ctx.region}.`);
  return lb;
}

export function lbOperation(
  ctx: ActionContext,
  resourceName: string,
  resourceType: string,
  operationType: OperationType,
  awsSeconds = 0,
  operationDetails?: string,
) {
  return ctx.operation({
    resourceName,
    resourceType,
    operationType,
    availabilityZone: `${ctx.region}a`,
    awsSeconds,
    operationDetails,
  });
}

/** Changes need a load balancer that is ready; while provisioning, the caller waits. */
function assertActive(ctx: ActionContext, lb: StoredLoadBalancer): void {
  const state = loadBalancerState(lb, ctx.clock.now());
  if (state === 'provisioning') {
    throw invalidInput(
      `The load balancer ${lb.name} is still provisioning; wait for it to complete and try again.`,
    );
  }
  if (state === 'failed')
    throw invalidInput(`The load balancer ${lb.name} is in state failed and cannot be changed.`);
}

function healthCheckPath(value: string): string {
  if (!value.startsWith('/') || value.length > 256) {
    throw invalidInput(
      `The healthCheckPath "${value}" must be a path starting with / (at most 256 characters).`,
    );
  }
  return value;
}

function booleanValue(name: string, value: string): boolean {
  if (value !== 'true' && value !== 'false') {
    throw invalidInput(`The attributeValue for ${name} must be true or false; got "${value}".`);
  }
  return value === 'true';
}

function tlsPolicy(field: string, value: string): string {
  if (!TLS_POLICIES.some((p) => p.name === value)) {
    throw invalidInput(
      `${field} ${value} is not a TLS policy: one of ${TLS_POLICIES.map((p) => p.name).join(', ')}.`,
    );
  }
  return value;
}

export function registerLoadBalancers(registry: ActionRegistry): void {
  registry.registerTaggable('LoadBalancer', (store, name) => store.loadBalancers[name]);
  registry.register(
    'CreateLoadBalancer',
    (ctx, params) => {
      const name = requireName(params, 'loadBalancerName');
      const port = params.instancePort;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < -1 || port > 65535) {
        throw invalidInput('The instancePort parameter is required: a whole number from -1 to 65535.');
      }
      const ipAddressType = requireOneOf(
        'ipAddressType',
        optionalString(params, 'ipAddressType') ?? 'dualstack',
        ['dualstack', 'ipv4'] as const,
      );
      const path = healthCheckPath(optionalString(params, 'healthCheckPath') ?? '/');
      const policy = tlsPolicy('tlsPolicyName', optionalString(params, 'tlsPolicyName') ?? 'TLS-2016-08');
      const certificateName = optionalString(params, 'certificateName');
      const certificateDomainName = optionalString(params, 'certificateDomainName');
      if ((certificateName === undefined) !== (certificateDomainName === undefined)) {
        throw invalidInput(
          'If you specify certificateName, then certificateDomainName is required (and vice-versa).',
        );
      }
      if (certificateName !== undefined) checkName('certificateName', certificateName);
      const tags = tagsParam(params);
      if (ctx.store.loadBalancers[name])
        throw invalidInput(`The load balancer name ${name} is already in use.`);
      if (Object.keys(ctx.store.loadBalancers).length >= MAX_LOAD_BALANCERS) {
        throw invalidInput(
          `You can create up to ${MAX_LOAD_BALANCERS} load balancers per region; ${ctx.region} has ${MAX_LOAD_BALANCERS}.`,
        );
      }
      const base = newResource(
        ctx,
        name,
        'LoadBalancer',
        `${ctx.region}a`,
        NETWORK_DURATIONS.createLoadBalancer,
        tags,
      );
      const hash = createHash('sha256').update(base.arn).digest('hex');
      const lb: StoredLoadBalancer = {
        ...base,
        dnsName: `${hash.slice(0, 32)}-${name.toLowerCase().slice(0, 20)}-${parseInt(hash.slice(32, 40), 16) % 1_000_000_000}.${ctx.region}.elb.amazonaws.com`,
        instancePort: port,
        healthCheckPath: path,
        ipAddressType,
        tlsPolicyName: policy,
        httpsRedirectionEnabled: false,
        sessionStickinessEnabled: false,
        cookieDurationSeconds: 86400,
        targets: [],
        certificates: {},
      };
      ctx.store.loadBalancers[name] = lb;
      const operations = [
        lbOperation(ctx, name, 'LoadBalancer', 'CreateLoadBalancer', NETWORK_DURATIONS.createLoadBalancer),
      ];
      if (certificateName !== undefined) {
        operations.push(
          createCertificate(
            ctx,
            lb,
            certificateName,
            certificateDomainName!,
            params.certificateAlternativeNames,
            [],
          ),
        );
      }
      return { operations };
    },
    { mutating: true },
  );
  registry.register(
    'GetLoadBalancer',
    (ctx, params) => ({
      loadBalancer: loadBalancerView(ctx, getLoadBalancer(ctx, requireName(params, 'loadBalancerName'))),
    }),
    { mutating: false },
  );
  registry.register(
    'GetLoadBalancers',
    (ctx) => ({
      loadBalancers: Object.values(ctx.store.loadBalancers).map((lb) => loadBalancerView(ctx, lb)),
    }),
    { mutating: false },
  );
  registry.register(
    'DeleteLoadBalancer',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      delete ctx.store.loadBalancers[lb.name];
      deleteAlarmsOf(ctx.store, lb.arn);
      // Its certificates go with it, as on AWS.
      return { operations: [lbOperation(ctx, lb.name, 'LoadBalancer', 'DeleteLoadBalancer')] };
    },
    { mutating: true },
  );
  registry.register(
    'AttachInstancesToLoadBalancer',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      const names = requireStringList(params, 'instanceNames');
      names.forEach((n) => checkName('instanceNames', n));
      assertActive(ctx, lb);
      const now = ctx.clock.now();
      for (const name of names) {
        const instance = getInstanceOrThrow(ctx, name);
        assertReady(instance, now, `The instance ${name}`);
        const state = instanceStateName(instance, now);
        if (state !== 'running') {
          throw invalidInput(
            `The instance ${name} is ${state}: an instance must be running before it is attached to a load balancer.`,
          );
        }
      }
      const healthyAtMs = ctx.clock.after(NETWORK_DURATIONS.initialHealthCheck);
      lb.targets = [
        ...lb.targets.filter((t) => !names.includes(t.instanceName)),
        ...names.map((instanceName) => ({ instanceName, healthyAtMs })),
      ];
      return {
        operations: names.map((n) =>
          lbOperation(
            ctx,
            lb.name,
            'LoadBalancer',
            'AttachInstancesToLoadBalancer',
            NETWORK_DURATIONS.initialHealthCheck,
            n,
          ),
        ),
      };
    },
    { mutating: true },
  );
  registry.register(
    'DetachInstancesFromLoadBalancer',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      const names = requireStringList(params, 'instanceNames');
      names.forEach((n) => checkName('instanceNames', n));
      for (const name of names) {
        const target = lb.targets.find((t) => t.instanceName === name && t.detachedAtMs === undefined);
        if (!target)
          throw invalidInput(`The instance ${name} is not attached to the load balancer ${lb.name}.`);
      }
      // Draining for the deregistration delay, then unused.
      const detachedAtMs = ctx.clock.after(NETWORK_DURATIONS.deregistration);
      for (const target of lb.targets) {
        if (names.includes(target.instanceName)) target.detachedAtMs = detachedAtMs;
      }
      return {
        operations: names.map((n) =>
          lbOperation(
            ctx,
            lb.name,
            'LoadBalancer',
            'DetachInstancesFromLoadBalancer',
            NETWORK_DURATIONS.deregistration,
            n,
          ),
        ),
      };
    },
    { mutating: true },
  );
  registry.register(
    'UpdateLoadBalancerAttribute',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      const attribute = requireOneOf('attributeName', requireString(params, 'attributeName'), ATTRIBUTES);
      const value = requireString(params, 'attributeValue');
      if (value.length > 256) throw invalidInput('The attributeValue must be from 1 to 256 characters long.');
      switch (attribute) {
        case 'HealthCheckPath':
          lb.healthCheckPath = healthCheckPath(value);
          break;
        case 'SessionStickinessEnabled':
          lb.sessionStickinessEnabled = booleanValue(attribute, value);
          break;
        case 'SessionStickiness_LB_CookieDurationSeconds': {
          const seconds = Number(value);
          if (!/^\d+$/.test(value) || seconds < 1 || seconds > 604800) {
            throw invalidInput(
              `The attributeValue for ${attribute} must be a whole number of seconds from 1 to 604800; got "${value}".`,
            );
          }
          lb.cookieDurationSeconds = seconds;
          break;
        }
        case 'HttpsRedirectionEnabled': {
          const enabled = booleanValue(attribute, value);
          if (enabled && !Object.values(lb.certificates).some((c) => c.isAttached)) {
            throw invalidInput(
              `HttpsRedirectionEnabled needs a TLS certificate attached to ${lb.name} first.`,
            );
          }
          lb.httpsRedirectionEnabled = enabled;
          break;
        }
        case 'TlsPolicyName':
          lb.tlsPolicyName = tlsPolicy('The attributeValue for TlsPolicyName', value);
          break;
      }
      return {
        operations: [lbOperation(ctx, lb.name, 'LoadBalancer', 'UpdateLoadBalancerAttribute', 0, attribute)],
      };
    },
    { mutating: true },
  );
  registry.register('GetLoadBalancerTlsPolicies', () => ({ tlsPolicies: TLS_POLICIES }), { mutating: false });
}

import type { OperationType } from '../../operation-types';
import { STATIC_IPS_PER_REGION } from '../../../lightsail-facts';
import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import type { StoredInstance } from '../../state';
import { requireName } from '../../validation';
import { getInstanceOrThrow } from '../instances';
import { assertReady, newResource } from '../common';
import { publicAddress, renewPublicAddress } from './instance-view';
import type { StoredStaticIp } from './types';

function getStaticIp(ctx: ActionContext, name: string): StoredStaticIp {
  const ip = ctx.store.staticIps[name];
  if (!ip) throw notFound(`The StaticIp does not exist: ${name} in ${ctx.region}.`);
  return ip;
}

/** The instance the static IP is attached to, if it still exists. */
function holder(ctx: ActionContext, ip: StoredStaticIp): StoredInstance | undefined {
  const instance = ip.attachedTo ? ctx.store.instances[ip.attachedTo] : undefined;
  return instance?.staticIp?.name === ip.name ? instance : undefined;
}

function staticIpView(ctx: ActionContext, ip: StoredStaticIp) {
  const instance = holder(ctx, ip);
  return {
    name: ip.name,
    arn: ip.arn,
    supportCode: ip.supportCode,
    createdAt: ip.createdAtMs / 1000,
    location: { availabilityZone: ip.availabilityZone, regionName: ctx.region },
    resourceType: 'StaticIp',
    ipAddress: ip.ipAddress,
    attachedTo: instance?.name ?? '',
    isAttached: instance !== undefined,
  };
}

const op = (ctx: ActionContext, name: string, type: string, zone: string, operationType: OperationType) =>
  ctx.operation({
    resourceName: name,
    resourceType: type,
    operationType,
    availabilityZone: zone,
    awsSeconds: 0,
  });

/** Detaches a static IP from its instance, which gets a new public address of its own. */
function detach(ctx: ActionContext, ip: StoredStaticIp, operationType: OperationType) {
  const instance = holder(ctx, ip);
  ip.attachedTo = undefined;
  if (!instance) return [];
  instance.staticIp = undefined;
  renewPublicAddress(instance);
  return [op(ctx, instance.name, 'Instance', instance.availabilityZone, operationType)];
}

export function registerStaticIps(registry: ActionRegistry): void {
  registry.register(
    'AllocateStaticIp',
    (ctx, params) => {
      const name = requireName(params, 'staticIpName');
      if (ctx.store.staticIps[name]) throw invalidInput(`The static IP name ${name} is already in use.`);
      if (Object.keys(ctx.store.staticIps).length >= STATIC_IPS_PER_REGION) {
        throw invalidInput(
          `You have reached the maximum number of static IPs (${STATIC_IPS_PER_REGION}) in ${ctx.region}. Release a static IP you no longer use, or ask for a higher quota.`,
        );
      }
      const base = newResource(ctx, name, 'StaticIp', `${ctx.region}a`, 0, []);
      ctx.store.staticIps[name] = { ...base, ipAddress: publicAddress(base.arn) };
      return { operations: [op(ctx, name, 'StaticIp', base.availabilityZone, 'AllocateStaticIp')] };
    },
    { mutating: true },
  );
  registry.register(
    'AttachStaticIp',
    (ctx, params) => {
      const ip = getStaticIp(ctx, requireName(params, 'staticIpName'));
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      assertReady(instance, ctx.clock.now(), `The instance ${instance.name}`);
      const current = holder(ctx, ip);
      if (current && current.name !== instance.name) {
        throw invalidInput(
          `The static IP ${ip.name} is already attached to the instance ${current.name}; detach it first.`,
        );
      }
      if (instance.staticIp && instance.staticIp.name !== ip.name) {
        throw invalidInput(
          `The instance ${instance.name} already has the static IP ${instance.staticIp.name}; detach it first.`,
        );
      }
      ip.attachedTo = instance.name;
      instance.staticIp = { name: ip.name, ipAddress: ip.ipAddress };
      return {
        operations: [
          op(ctx, ip.name, 'StaticIp', ip.availabilityZone, 'AttachStaticIp'),
          op(ctx, instance.name, 'Instance', instance.availabilityZone, 'AttachStaticIp'),
        ],
      };
    },
    { mutating: true },
  );
  registry.register(
    'DetachStaticIp',
    (ctx, params) => {
      const ip = getStaticIp(ctx, requireName(params, 'staticIpName'));
      if (!holder(ctx, ip)) throw invalidInput(`The static IP ${ip.name} is not attached to an instance.`);
      const instanceOps = detach(ctx, ip, 'DetachStaticIp');
      return {
        operations: [op(ctx, ip.name, 'StaticIp', ip.availabilityZone, 'DetachStaticIp'), ...instanceOps],
      };
    },
    { mutating: true },
  );
  registry.register(
    'ReleaseStaticIp',
    (ctx, params) => {
      const ip = getStaticIp(ctx, requireName(params, 'staticIpName'));
      const instanceOps = detach(ctx, ip, 'ReleaseStaticIp');
      delete ctx.store.staticIps[ip.name];
      return {
        operations: [op(ctx, ip.name, 'StaticIp', ip.availabilityZone, 'ReleaseStaticIp'), ...instanceOps],
      };
    },
    { mutating: true },
  );
  registry.register(
    'GetStaticIp',
    (ctx, params) => ({ staticIp: staticIpView(ctx, getStaticIp(ctx, requireName(params, 'staticIpName'))) }),
    { mutating: false },
  );
  registry.register(
    'GetStaticIps',
    (ctx) => ({ staticIps: Object.values(ctx.store.staticIps).map((ip) => staticIpView(ctx, ip)) }),
    { mutating: false },
  );
}

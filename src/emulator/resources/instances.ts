import { AWS_DURATIONS } from '../clock';
import { BLUEPRINTS, BUNDLES } from '../catalog';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { AutoSnapshotAddOn, StoredInstance } from '../state';
import {
  checkName,
  optionalString,
  requireName,
  requireString,
  requireStringList,
  requireZone,
  tagsParam,
  type Params,
} from '../validation';
import { instanceView, lifecycle } from '../views';
import { newResource, operationOn } from './common';

export function getInstanceOrThrow(ctx: ActionContext, name: string): StoredInstance {
  const instance = ctx.store.instances[name];
  if (!instance) throw notFound(`The Instance does not exist: ${name} in ${ctx.region}.`);
  return instance;
}

export function autoSnapshotAddOns(params: Params): AutoSnapshotAddOn[] {
  const addOns = params.addOns;
  if (addOns === undefined) return [];
  if (!Array.isArray(addOns)) throw invalidInput('The addOns parameter must be a list.');
  return addOns.map((a: unknown) => {
    const addOn = a as { addOnType?: unknown; autoSnapshotAddOnRequest?: { snapshotTimeOfDay?: unknown } };
    if (addOn.addOnType !== 'AutoSnapshot') {
      throw invalidInput(
        `addOnType must be one of AutoSnapshot, StopInstanceOnIdle; got "${String(addOn.addOnType)}".`,
      );
    }
    const time = addOn.autoSnapshotAddOnRequest?.snapshotTimeOfDay;
    return {
      name: 'AutoSnapshot',
      status: 'Enabled',
      snapshotTimeOfDay: typeof time === 'string' ? time : '06:00',
    };
  });
}

function createInstances(
  ctx: ActionContext,
  params: Params,
  from: { blueprintId: string; bundleId: string },
  operationType: string,
) {
  const names = requireStringList(params, 'instanceNames');
  const zone = requireZone(params, ctx.region);
  names.forEach((n) => checkName('instanceNames', n));
  const taken = names.filter((n) => ctx.store.instances[n]);
  if (taken.length > 0) throw invalidInput(`Some names are already in use: ${taken.join(', ')}`);
  const blueprint = BLUEPRINTS.find((b) => b.blueprintId === from.blueprintId);
  const tags = tagsParam(params);
  const addOns = autoSnapshotAddOns(params);
  return names.map((name) => {
    ctx.store.instances[name] = {
      ...newResource(ctx, name, 'Instance', zone, AWS_DURATIONS.createInstance, tags),
      blueprintId: from.blueprintId,
      blueprintName: blueprint?.name ?? from.blueprintId,
      bundleId: from.bundleId,
      addOns,
    };
    return ctx.operation({
      resourceName: name,
      resourceType: 'Instance',
      operationType,
      availabilityZone: zone,
      awsSeconds: AWS_DURATIONS.createInstance,
    });
  });
}

function requireBundle(params: Params): string {
  const bundleId = requireString(params, 'bundleId');
  if (!BUNDLES.some((b) => b.bundleId === bundleId))
    throw invalidInput(`The bundle ${bundleId} does not exist.`);
  return bundleId;
}

export function registerInstances(registry: ActionRegistry): void {
  registry.register(
    'CreateInstances',
    (ctx, params) => {
      const blueprintId = requireString(params, 'blueprintId');
      if (!BLUEPRINTS.some((b) => b.blueprintId === blueprintId)) {
        throw invalidInput(`The blueprint ${blueprintId} does not exist.`);
      }
      return {
        operations: createInstances(
          ctx,
          params,
          { blueprintId, bundleId: requireBundle(params) },
          'CreateInstance',
        ),
      };
    },
    { mutating: true },
  );

  registry.register(
    'CreateInstancesFromSnapshot',
    (ctx, params) => {
      const snapshotName = optionalString(params, 'instanceSnapshotName');
      if (!snapshotName) {
        throw invalidInput(
          'instanceSnapshotName is required (restoring from an automatic snapshot is not emulated).',
        );
      }
      const snapshot = ctx.store.instanceSnapshots[snapshotName];
      if (!snapshot) throw notFound(`The InstanceSnapshot does not exist: ${snapshotName} in ${ctx.region}.`);
      if (lifecycle(snapshot, ctx.clock.now()) !== 'ready') {
        throw invalidInput(
          `The instance snapshot ${snapshotName} is not available yet; wait for it to complete.`,
        );
      }
      const bundleId = requireBundle(params);
      return {
        operations: createInstances(
          ctx,
          params,
          { blueprintId: snapshot.fromBlueprintId ?? 'amazon_linux_2023', bundleId },
          'CreateInstancesFromSnapshot',
        ),
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetInstance',
    (ctx, params) => ({
      instance: instanceView(
        getInstanceOrThrow(ctx, requireName(params, 'instanceName')),
        ctx.region,
        ctx.clock.now(),
      ),
    }),
    { mutating: false },
  );

  registry.register(
    'GetInstances',
    (ctx) => ({
      instances: Object.values(ctx.store.instances).map((i) => instanceView(i, ctx.region, ctx.clock.now())),
    }),
    { mutating: false },
  );

  registry.register(
    'DeleteInstance',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      delete ctx.store.instances[instance.name];
      ctx.store.autoSnapshots = ctx.store.autoSnapshots.filter((a) => a.resourceName !== instance.name);
      return operationOn(ctx, instance, 'Instance', 'DeleteInstance');
    },
    { mutating: true },
  );
}

import { AWS_DURATIONS } from '../clock';
import { systemDiskSizeInGb } from '../catalog';
import { notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import { cloneStored, type StoredInstanceSnapshot } from '../state';
import { requireName, tagsParam } from '../validation';
import { instanceSnapshotView } from '../views';
import { assertReady, assertSnapshotNameFree, newResource, operationOn } from './common';
import { getInstanceOrThrow } from './instances';

function getOrThrow(ctx: ActionContext, name: string): StoredInstanceSnapshot {
  const snapshot = ctx.store.instanceSnapshots[name];
  if (!snapshot) throw notFound(`The InstanceSnapshot does not exist: ${name} in ${ctx.region}.`);
  return snapshot;
}

export function registerInstanceSnapshots(registry: ActionRegistry): void {
  registry.registerTaggable('InstanceSnapshot', (store, name) => store.instanceSnapshots[name]);
  registry.register(
    'CreateInstanceSnapshot',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      const name = requireName(params, 'instanceSnapshotName');
      assertSnapshotNameFree(ctx.store, name);
      assertReady(instance, ctx.clock.now(), `The instance ${instance.name}`);
      ctx.store.instanceSnapshots[name] = {
        ...newResource(
          ctx,
          name,
          'InstanceSnapshot',
          instance.availabilityZone,
          AWS_DURATIONS.createInstanceSnapshot,
          tagsParam(params),
        ),
        fromInstanceName: instance.name,
        fromInstanceArn: instance.arn,
        fromBlueprintId: instance.blueprintId,
        fromBundleId: instance.bundleId,
        fromAttachedDisks: Object.values(ctx.store.disks)
          .filter((d) => d.attachment?.instanceName === instance.name)
          .map((d) => cloneStored(d)),
        sizeInGb: systemDiskSizeInGb(instance.bundleId),
        isFromAutoSnapshot: false,
        // The software on its disk, not a test's override of how it answers now.
        ...(instance.behaviour ? { behaviour: instance.behaviour } : {}),
      };
      return {
        operations: [
          ctx.operation({
            resourceName: name,
            resourceType: 'InstanceSnapshot',
            operationType: 'CreateInstanceSnapshot',
            availabilityZone: instance.availabilityZone,
            awsSeconds: AWS_DURATIONS.createInstanceSnapshot,
            operationDetails: instance.name,
          }),
        ],
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetInstanceSnapshot',
    (ctx, params) => ({
      instanceSnapshot: instanceSnapshotView(
        getOrThrow(ctx, requireName(params, 'instanceSnapshotName')),
        ctx.region,
        ctx.clock.now(),
      ),
    }),
    { mutating: false },
  );

  registry.register(
    'GetInstanceSnapshots',
    (ctx) => ({
      instanceSnapshots: Object.values(ctx.store.instanceSnapshots).map((s) =>
        instanceSnapshotView(s, ctx.region, ctx.clock.now()),
      ),
    }),
    { mutating: false },
  );

  registry.register(
    'DeleteInstanceSnapshot',
    (ctx, params) => {
      const snapshot = getOrThrow(ctx, requireName(params, 'instanceSnapshotName'));
      delete ctx.store.instanceSnapshots[snapshot.name];
      return operationOn(ctx, snapshot, 'InstanceSnapshot', 'DeleteInstanceSnapshot');
    },
    { mutating: true },
  );
}

import { AWS_DURATIONS } from '../clock';
import { systemDiskSizeInGb } from '../catalog';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { StoredDisk, StoredDiskSnapshot } from '../state';
import { optionalString, requireName, requireZone, tagsParam, type Params } from '../validation';
import { diskSnapshotView, diskView } from '../views';
import { assertReady, assertSnapshotNameFree, newResource, operationOn } from './common';
import { addOnsParam } from './auto-snapshots';

function getDisk(ctx: ActionContext, name: string): StoredDisk {
  const disk = ctx.store.disks[name];
  if (!disk) throw notFound(`The Disk does not exist: ${name} in ${ctx.region}.`);
  return disk;
}

function getDiskSnapshot(ctx: ActionContext, name: string): StoredDiskSnapshot {
  const snapshot = ctx.store.diskSnapshots[name];
  if (!snapshot) throw notFound(`The DiskSnapshot does not exist: ${name} in ${ctx.region}.`);
  return snapshot;
}

function sizeInGb(params: Params): number {
  const size = params.sizeInGb;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 8 || size > 16384) {
    throw invalidInput('The sizeInGb parameter is required: a whole number of GB from 8 to 16384.');
  }
  return size;
}

export function registerDisks(registry: ActionRegistry): void {
  registry.registerTaggable('Disk', (store, name) => store.disks[name]);
  registry.registerTaggable('DiskSnapshot', (store, name) => store.diskSnapshots[name]);
  registry.register(
    'CreateDisk',
    (ctx, params) => {
      const name = requireName(params, 'diskName');
      const zone = requireZone(params, ctx.region);
      if (ctx.store.disks[name]) throw invalidInput(`The disk name ${name} is already in use.`);
      ctx.store.disks[name] = {
        ...newResource(ctx, name, 'Disk', zone, AWS_DURATIONS.createDisk, tagsParam(params)),
        sizeInGb: sizeInGb(params),
        addOns: addOnsParam(params),
      };
      return {
        operations: [
          ctx.operation({
            resourceName: name,
            resourceType: 'Disk',
            operationType: 'CreateDisk',
            availabilityZone: zone,
            awsSeconds: AWS_DURATIONS.createDisk,
          }),
        ],
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetDisk',
    (ctx, params) => ({
      disk: diskView(getDisk(ctx, requireName(params, 'diskName')), ctx.region, ctx.clock.now()),
    }),
    { mutating: false },
  );
  registry.register(
    'GetDisks',
    (ctx) => ({ disks: Object.values(ctx.store.disks).map((d) => diskView(d, ctx.region, ctx.clock.now())) }),
    { mutating: false },
  );
  registry.register(
    'DeleteDisk',
    (ctx, params) => {
      const disk = getDisk(ctx, requireName(params, 'diskName'));
      if (disk.attachment) {
        throw invalidInput(
          `The disk ${disk.name} is attached to the instance ${disk.attachment.instanceName}; detach it first.`,
        );
      }
      delete ctx.store.disks[disk.name];
      // As on AWS, a resource's automatic snapshots go with it.
      ctx.store.autoSnapshots = ctx.store.autoSnapshots.filter((a) => a.resourceName !== disk.name);
      return operationOn(ctx, disk, 'Disk', 'DeleteDisk');
    },
    { mutating: true },
  );

  registry.register(
    'CreateDiskSnapshot',
    (ctx, params) => {
      const name = requireName(params, 'diskSnapshotName');
      const diskName = optionalString(params, 'diskName');
      const instanceName = optionalString(params, 'instanceName');
      if ((diskName === undefined) === (instanceName === undefined)) {
        throw invalidInput('Specify exactly one of diskName and instanceName.');
      }
      assertSnapshotNameFree(ctx.store, name);
      const now = ctx.clock.now();
      let from: Partial<StoredDiskSnapshot> & { sizeInGb: number; availabilityZone: string };
      if (diskName !== undefined) {
        const disk = getDisk(ctx, diskName);
        assertReady(disk, now, `The disk ${diskName}`);
        from = {
          fromDiskName: disk.name,
          fromDiskArn: disk.arn,
          sizeInGb: disk.sizeInGb,
          availabilityZone: disk.availabilityZone,
        };
      } else {
        const instance = ctx.store.instances[instanceName!];
        if (!instance) throw notFound(`The Instance does not exist: ${instanceName} in ${ctx.region}.`);
        assertReady(instance, now, `The instance ${instance.name}`);
        // A snapshot of an instance's system disk.
        from = {
          fromInstanceName: instance.name,
          fromInstanceArn: instance.arn,
          sizeInGb: systemDiskSizeInGb(instance.bundleId),
          availabilityZone: instance.availabilityZone,
        };
      }
      ctx.store.diskSnapshots[name] = {
        ...newResource(
          ctx,
          name,
          'DiskSnapshot',
          from.availabilityZone,
          AWS_DURATIONS.createDiskSnapshot,
          tagsParam(params),
        ),
        fromDiskName: from.fromDiskName,
        fromDiskArn: from.fromDiskArn,
        fromInstanceName: from.fromInstanceName,
        fromInstanceArn: from.fromInstanceArn,
        sizeInGb: from.sizeInGb,
        isFromAutoSnapshot: false,
      };
      return {
        operations: [
          ctx.operation({
            resourceName: name,
            resourceType: 'DiskSnapshot',
            operationType: 'CreateDiskSnapshot',
            availabilityZone: from.availabilityZone,
            awsSeconds: AWS_DURATIONS.createDiskSnapshot,
          }),
        ],
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetDiskSnapshot',
    (ctx, params) => ({
      diskSnapshot: diskSnapshotView(
        getDiskSnapshot(ctx, requireName(params, 'diskSnapshotName')),
        ctx.region,
        ctx.clock.now(),
      ),
    }),
    { mutating: false },
  );
  registry.register(
    'GetDiskSnapshots',
    (ctx) => ({
      diskSnapshots: Object.values(ctx.store.diskSnapshots).map((s) =>
        diskSnapshotView(s, ctx.region, ctx.clock.now()),
      ),
    }),
    { mutating: false },
  );
  registry.register(
    'DeleteDiskSnapshot',
    (ctx, params) => {
      const snapshot = getDiskSnapshot(ctx, requireName(params, 'diskSnapshotName'));
      delete ctx.store.diskSnapshots[snapshot.name];
      return operationOn(ctx, snapshot, 'DiskSnapshot', 'DeleteDiskSnapshot');
    },
    { mutating: true },
  );
}

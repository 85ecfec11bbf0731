import type { OperationType } from '../../operation-types';
import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import type { StoredDisk } from '../../state';
import { optionalString, requireName, requireString, requireZone, tagsParam } from '../../validation';
import { instanceStateName } from '../../views';
import {
  addOnsParam,
  namesAutoSnapshotDate,
  restorableAutoSnapshot,
  restoreDateParam,
} from '../auto-snapshots';
import { assertReady, newResource } from '../common';
import { getInstanceOrThrow } from '../instances';
import { NETWORK_DURATIONS } from './types';

/** The disk actions beyond create/get/delete: restoring from a snapshot, attaching and detaching. */

function getDisk(ctx: ActionContext, name: string): StoredDisk {
  const disk = ctx.store.disks[name];
  if (!disk) throw notFound(`The Disk does not exist: ${name} in ${ctx.region}.`);
  return disk;
}

function diskOperation(ctx: ActionContext, disk: StoredDisk, operationType: OperationType, awsSeconds = 0) {
  return ctx.operation({
    resourceName: disk.name,
    resourceType: 'Disk',
    operationType,
    availabilityZone: disk.availabilityZone,
    awsSeconds,
  });
}

/** The size of the source snapshot, manual (diskSnapshotName) or automatic (sourceDiskName + date). */
function snapshotSize(ctx: ActionContext, params: Record<string, unknown>): number {
  const snapshotName = optionalString(params, 'diskSnapshotName');
  const sourceDiskName = optionalString(params, 'sourceDiskName');
  if ((snapshotName === undefined) === (sourceDiskName === undefined)) {
    throw invalidInput(
      'The diskSnapshotName and sourceDiskName parameters are mutually exclusive; specify one.',
    );
  }
  if (snapshotName !== undefined) {
    if (namesAutoSnapshotDate(params)) {
      throw invalidInput(
        'restoreDate and useLatestRestorableAutoSnapshot apply only when restoring from an automatic snapshot (sourceDiskName).',
      );
    }
    const snapshot = ctx.store.diskSnapshots[snapshotName];
    if (!snapshot) throw notFound(`The DiskSnapshot does not exist: ${snapshotName} in ${ctx.region}.`);
    assertReady(snapshot, ctx.clock.now(), `The disk snapshot ${snapshotName}`);
    return snapshot.sizeInGb;
  }
  const auto = restorableAutoSnapshot(ctx.store, ctx.region, sourceDiskName!, restoreDateParam(params));
  if (auto.resourceType !== 'Disk') throw invalidInput(`${sourceDiskName} is an instance, not a disk.`);
  return auto.sizeInGb;
}

export function registerDiskAttachments(registry: ActionRegistry): void {
  registry.register(
    'CreateDiskFromSnapshot',
    (ctx, params) => {
      const name = requireName(params, 'diskName');
      const zone = requireZone(params, ctx.region);
      const size = params.sizeInGb;
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 8 || size > 16384) {
        throw invalidInput('The sizeInGb parameter is required: a whole number of GB from 8 to 16384.');
      }
      const minimum = snapshotSize(ctx, params);
      if (size < minimum) {
        throw invalidInput(`The sizeInGb ${size} is smaller than the snapshot (${minimum} GB).`);
      }
      if (ctx.store.disks[name]) throw invalidInput(`The disk name ${name} is already in use.`);
      const disk: StoredDisk = {
        ...newResource(ctx, name, 'Disk', zone, NETWORK_DURATIONS.createDiskFromSnapshot, tagsParam(params)),
        sizeInGb: size,
        addOns: addOnsParam(params),
      };
      ctx.store.disks[name] = disk;
      return {
        operations: [
          diskOperation(ctx, disk, 'CreateDiskFromSnapshot', NETWORK_DURATIONS.createDiskFromSnapshot),
        ],
      };
    },
    { mutating: true },
  );
  registry.register(
    'AttachDisk',
    (ctx, params) => {
      const disk = getDisk(ctx, requireName(params, 'diskName'));
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      const path = requireString(params, 'diskPath');
      if (!/\S/.test(path)) throw invalidInput('The diskPath parameter must not be blank (e.g. /dev/xvdf).');
      const now = ctx.clock.now();
      assertReady(disk, now, `The disk ${disk.name}`);
      assertReady(instance, now, `The instance ${instance.name}`);
      if (disk.attachment) {
        throw invalidInput(`The disk ${disk.name} is already attached to ${disk.attachment.instanceName}.`);
      }
      if (disk.availabilityZone !== instance.availabilityZone) {
        throw invalidInput(
          `The disk ${disk.name} is in ${disk.availabilityZone} and the instance ${instance.name} in ${instance.availabilityZone}: they must be in the same availability zone.`,
        );
      }
      const state = instanceStateName(instance, now);
      if (state !== 'running' && state !== 'stopped') {
        throw invalidInput(
          `The instance ${instance.name} is ${state}: a disk attaches to a running or stopped instance.`,
        );
      }
      const taken = Object.values(ctx.store.disks).find(
        (d) => d.attachment?.instanceName === instance.name && d.attachment.path === path,
      );
      if (taken)
        throw invalidInput(`The diskPath ${path} of ${instance.name} is used by the disk ${taken.name}.`);
      disk.attachment = {
        instanceName: instance.name,
        path,
        attachedAtMs: ctx.clock.after(NETWORK_DURATIONS.attachDisk),
      };
      return { operations: [diskOperation(ctx, disk, 'AttachDisk', NETWORK_DURATIONS.attachDisk)] };
    },
    { mutating: true },
  );
  registry.register(
    'DetachDisk',
    (ctx, params) => {
      const disk = getDisk(ctx, requireName(params, 'diskName'));
      if (!disk.attachment) throw invalidInput(`The disk ${disk.name} is not attached to an instance.`);
      const instance = ctx.store.instances[disk.attachment.instanceName];
      // The reference: "Detaches a stopped block storage disk": the instance must be stopped.
      if (instance && instanceStateName(instance, ctx.clock.now()) !== 'stopped') {
        throw invalidInput(
          `The instance ${instance.name} must be stopped before the disk ${disk.name} is detached; stop it and try again.`,
        );
      }
      disk.attachment = undefined;
      return { operations: [diskOperation(ctx, disk, 'DetachDisk')] };
    },
    { mutating: true },
  );
}

import { BLUEPRINTS, BUNDLES, systemDiskSizeInGb } from './catalog';
import { addOnsView } from './resources/add-ons-view';
import { metadataOptionsView } from './resources/instance-metadata-view';
import { diskAttachmentView } from './resources/network/disk-view';
import { instanceNetworkView } from './resources/network/instance-view';
import type {
  StoredBase,
  StoredDisk,
  StoredDiskSnapshot,
  StoredInstance,
  StoredInstanceSnapshot,
} from './state';

/**
 * Resources as Lightsail returns them, states derived from the clock. Timestamps are epoch
 * seconds: the SDK refuses ISO strings in this protocol.
 */

/** The fields every taggable resource answers with, whatever its family. */
export function resourceBase(r: StoredBase, region: string, resourceType: string) {
  return {
    name: r.name,
    arn: r.arn,
    supportCode: r.supportCode,
    createdAt: r.createdAtMs / 1000,
    location: { availabilityZone: r.availabilityZone, regionName: region },
    resourceType,
    tags: r.tags,
  };
}

export function lifecycle(r: StoredBase, now: number): 'pending' | 'ready' | 'error' {
  if (now < r.readyAtMs) return 'pending';
  return r.failed ? 'error' : 'ready';
}

/** EC2's state codes, which Lightsail's InstanceState uses. */
const INSTANCE_STATES = {
  pending: 0,
  running: 16,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;

export type InstanceStateName = keyof typeof INSTANCE_STATES;

export function instanceStateName(r: StoredInstance, now: number): InstanceStateName {
  const stage = lifecycle(r, now);
  if (stage !== 'ready') return stage === 'pending' ? 'pending' : 'terminated';
  if (!r.power) return 'running';
  if (now >= r.power.settlesAtMs) return r.power.target;
  return r.power.target === 'stopped' ? 'stopping' : 'pending';
}

export function instanceState(r: StoredInstance, now: number) {
  const name = instanceStateName(r, now);
  return { code: INSTANCE_STATES[name], name };
}

/**
 * The instance's disks as its hardware lists them: the system disk, which has no resource of its
 * own (its name, ARN and size derive from the instance and bundle), then the attached disks.
 */
function hardware(r: StoredInstance, region: string, now: number, attached: StoredDisk[]) {
  const bundle = BUNDLES.find((b) => b.bundleId === r.bundleId);
  const systemDisk = {
    ...resourceBase(
      { ...r, name: `${r.name}-system-disk`, arn: `${r.arn}/system-disk`, tags: [] },
      region,
      'Disk',
    ),
    sizeInGb: systemDiskSizeInGb(r.bundleId),
    isSystemDisk: true,
    state: 'in-use',
    iops: 100,
    path: '/dev/xvda',
    attachedTo: r.name,
    attachmentState: 'attached',
    isAttached: true,
    gbInUse: 0,
    addOns: [],
  };
  return {
    cpuCount: bundle?.cpuCount ?? 2,
    ramSizeInGb: bundle?.ramSizeInGb ?? 1,
    disks: [systemDisk, ...attached.map((d) => diskView(d, region, now))],
  };
}

/** `disks` is the region's disks, from which those attached to the instance are listed. */
export function instanceView(r: StoredInstance, region: string, now: number, disks: StoredDisk[] = []) {
  const state = instanceState(r, now);
  const blueprint = BLUEPRINTS.find((b) => b.blueprintId === r.blueprintId);
  return {
    ...resourceBase(r, region, 'Instance'),
    blueprintId: r.blueprintId,
    blueprintName: r.blueprintName,
    bundleId: r.bundleId,
    hardware: hardware(
      r,
      region,
      now,
      disks.filter((d) => d.attachment?.instanceName === r.name),
    ),
    ipAddressType: r.ipAddressType ?? 'ipv4',
    ...instanceNetworkView(r),
    state,
    username: blueprint?.platform === 'WINDOWS' ? 'Administrator' : 'ec2-user',
    addOns: addOnsView(r.addOns),
    metadataOptions: metadataOptionsView(r, now),
  };
}

export function instanceSnapshotView(r: StoredInstanceSnapshot, region: string, now: number) {
  const stage = lifecycle(r, now);
  return {
    ...resourceBase(r, region, 'InstanceSnapshot'),
    state: stage === 'ready' ? 'available' : stage,
    progress: stage === 'ready' ? '100%' : '',
    fromInstanceName: r.fromInstanceName,
    fromInstanceArn: r.fromInstanceArn,
    fromBlueprintId: r.fromBlueprintId,
    fromBundleId: r.fromBundleId,
    fromAttachedDisks: (r.fromAttachedDisks ?? []).map((d) => diskView(d, region, now)),
    isFromAutoSnapshot: r.isFromAutoSnapshot,
    sizeInGb: r.sizeInGb,
  };
}

export function diskView(r: StoredDisk, region: string, now: number) {
  const stage = lifecycle(r, now);
  return {
    ...resourceBase(r, region, 'Disk'),
    sizeInGb: r.sizeInGb,
    isSystemDisk: false,
    state: stage === 'ready' ? (r.attachment ? 'in-use' : 'available') : stage,
    ...diskAttachmentView(r, now),
    addOns: addOnsView(r.addOns),
  };
}

export function diskSnapshotView(r: StoredDiskSnapshot, region: string, now: number) {
  const stage = lifecycle(r, now);
  return {
    ...resourceBase(r, region, 'DiskSnapshot'),
    sizeInGb: r.sizeInGb,
    state: stage === 'ready' ? 'completed' : stage,
    progress: stage === 'ready' ? '100%' : stage === 'pending' ? '0%' : '',
    fromDiskName: r.fromDiskName,
    fromDiskArn: r.fromDiskArn,
    fromInstanceName: r.fromInstanceName,
    fromInstanceArn: r.fromInstanceArn,
    isFromAutoSnapshot: r.isFromAutoSnapshot,
  };
}

import { AWS_DURATIONS } from '../clock';
import { REGIONS } from '../catalog';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { RegionStore, StoredDiskSnapshot, StoredInstanceSnapshot } from '../state';
import { optionalString, requireName, requireOneOf, requireString, type Params } from '../validation';
import { assertReady, assertSnapshotNameFree, newResource } from './common';
import {
  findAutoSnapshotResource,
  namesAutoSnapshotDate,
  restorableAutoSnapshot,
  restoreDateParam,
} from './auto-snapshots';

/** What a copy is made from, whichever kind of source it was. */
interface CopySource {
  kind: 'InstanceSnapshot' | 'DiskSnapshot';
  /** The name and type the source region's operation is about. */
  resourceName: string;
  resourceType: string;
  instance?: Pick<
    StoredInstanceSnapshot,
    | 'fromInstanceName'
    | 'fromInstanceArn'
    | 'fromBlueprintId'
    | 'fromBundleId'
    | 'fromAttachedDisks'
    | 'behaviour'
  >;
  disk?: Pick<StoredDiskSnapshot, 'fromDiskName' | 'fromDiskArn' | 'fromInstanceName' | 'fromInstanceArn'>;
  sizeInGb: number;
  isFromAutoSnapshot: boolean;
  availabilityZone: string;
}

/**
 * CopySnapshot, called in the target region (the one the request is signed for) with the
 * reference's rules: a manual source by sourceSnapshotName, or an automatic one by
 * sourceResourceName with exactly one of restoreDate and useLatestRestorableAutoSnapshot.
 * Answers with two operations, one in each region.
 */
function copySnapshot(ctx: ActionContext, params: Params) {
  const sourceRegion = requireOneOf('sourceRegion', requireString(params, 'sourceRegion'), REGIONS);
  const targetName = requireName(params, 'targetSnapshotName');
  const sourceSnapshotName = optionalString(params, 'sourceSnapshotName');
  const sourceResourceName = optionalString(params, 'sourceResourceName');

  if ((sourceSnapshotName === undefined) === (sourceResourceName === undefined)) {
    throw invalidInput(
      'Specify either sourceSnapshotName (a manual snapshot) or sourceResourceName (an automatic snapshot), not both or neither.',
    );
  }
  if (sourceSnapshotName !== undefined && namesAutoSnapshotDate(params)) {
    throw invalidInput(
      'restoreDate and useLatestRestorableAutoSnapshot apply only when copying an automatic snapshot.',
    );
  }
  const restoreDate = sourceResourceName !== undefined ? restoreDateParam(params) : undefined;

  const sourceStore = ctx.state[sourceRegion]!;
  const source =
    sourceSnapshotName !== undefined
      ? manualSource(ctx, sourceStore, sourceRegion, sourceSnapshotName)
      : autoSource(sourceStore, sourceRegion, sourceResourceName!, restoreDate);
  assertSnapshotNameFree(ctx.store, targetName);

  const awsSeconds =
    sourceRegion === ctx.region
      ? AWS_DURATIONS.copySnapshotSameRegion
      : AWS_DURATIONS.copySnapshotCrossRegion;
  const zone = `${ctx.region}a`;
  const base = newResource(ctx, targetName, source.kind, zone, awsSeconds, []);
  if (source.kind === 'InstanceSnapshot') {
    ctx.store.instanceSnapshots[targetName] = {
      ...base,
      ...source.instance,
      sizeInGb: source.sizeInGb,
      isFromAutoSnapshot: false,
    };
  } else {
    ctx.store.diskSnapshots[targetName] = {
      ...base,
      ...source.disk,
      sizeInGb: source.sizeInGb,
      isFromAutoSnapshot: false,
    };
  }
  return {
    operations: [
      ctx.operation(
        {
          resourceName: source.resourceName,
          resourceType: source.resourceType,
          operationType: 'CopySnapshot',
          availabilityZone: source.availabilityZone,
          awsSeconds,
          operationDetails: `${ctx.region}/${targetName}`,
        },
        sourceRegion,
      ),
      ctx.operation({
        resourceName: targetName,
        resourceType: source.kind,
        operationType: 'CopySnapshot',
        availabilityZone: zone,
        awsSeconds,
        operationDetails: `${sourceRegion}/${source.resourceName}`,
      }),
    ],
  };
}

function manualSource(ctx: ActionContext, store: RegionStore, region: string, name: string): CopySource {
  const instanceSnapshot = store.instanceSnapshots[name];
  const diskSnapshot = store.diskSnapshots[name];
  const found = instanceSnapshot ?? diskSnapshot;
  if (!found) throw notFound(`The snapshot ${name} does not exist in ${region}.`);
  assertReady(found, ctx.clock.now(), `The snapshot ${name} in ${region}`);
  const common = {
    resourceName: name,
    sizeInGb: found.sizeInGb,
    isFromAutoSnapshot: false,
    availabilityZone: found.availabilityZone,
  };
  if (instanceSnapshot) {
    const { fromInstanceName, fromInstanceArn, fromBlueprintId, fromBundleId, fromAttachedDisks, behaviour } =
      instanceSnapshot;
    return {
      ...common,
      kind: 'InstanceSnapshot',
      resourceType: 'InstanceSnapshot',
      // A copy keeps what the snapshot was made from, its disks' record and its software.
      instance: {
        fromInstanceName,
        fromInstanceArn,
        fromBlueprintId,
        fromBundleId,
        fromAttachedDisks,
        behaviour,
      },
    };
  }
  const { fromDiskName, fromDiskArn, fromInstanceName, fromInstanceArn } = diskSnapshot!;
  return {
    ...common,
    kind: 'DiskSnapshot',
    resourceType: 'DiskSnapshot',
    disk: { fromDiskName, fromDiskArn, fromInstanceName, fromInstanceArn },
  };
}

/** An automatic snapshot of an instance copies to an instance snapshot, of a disk to a disk snapshot. */
function autoSource(
  store: RegionStore,
  region: string,
  resourceName: string,
  restoreDate: string | undefined,
): CopySource {
  const chosen = restorableAutoSnapshot(store, region, resourceName, restoreDate);
  const common = {
    resourceName,
    resourceType: chosen.resourceType,
    sizeInGb: chosen.sizeInGb,
    isFromAutoSnapshot: true,
    availabilityZone:
      findAutoSnapshotResource(store, resourceName)?.resource.availabilityZone ?? `${region}a`,
  };
  return chosen.resourceType === 'Instance'
    ? {
        ...common,
        kind: 'InstanceSnapshot',
        instance: {
          fromInstanceName: resourceName,
          fromInstanceArn: chosen.fromArn,
          fromBlueprintId: chosen.blueprintId,
          fromBundleId: chosen.bundleId,
          behaviour: chosen.behaviour,
        },
      }
    : { ...common, kind: 'DiskSnapshot', disk: { fromDiskName: resourceName, fromDiskArn: chosen.fromArn } };
}

export function registerCopySnapshot(registry: ActionRegistry): void {
  registry.register('CopySnapshot', copySnapshot, { mutating: true });
}

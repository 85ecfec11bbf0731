import { randomBytes, randomUUID } from 'node:crypto';
import { NON_EXPORTABLE_BLUEPRINTS } from '../../lightsail-facts';
import { ACCOUNT_ID } from '../catalog';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { StoredBase } from '../state';
import { requireName, requireOneOf, requireString, type Params } from '../validation';
import { lifecycle } from '../views';
import { assertReady, newResource } from './common';

/**
 * ExportSnapshot and CreateCloudFormationStack with their records: the two long steps of moving
 * a Lightsail snapshot to EC2. A record is Started until its time has passed, then Succeeded, or
 * Failed when a fault rule failed the call's operation.
 *
 * | what                                   | AWS seconds |
 * |----------------------------------------|-------------|
 * | ExportSnapshot of an instance snapshot | 7200        |
 * | ExportSnapshot of a disk snapshot      | 3600        |
 * | CreateCloudFormationStack              | 900         |
 */
export const EXPORT_DURATIONS = {
  exportInstanceSnapshot: 7200,
  exportDiskSnapshot: 3600,
  createCloudFormationStack: 900,
} as const;

export interface StoredExportSnapshotRecord extends StoredBase {
  source: {
    resourceType: 'InstanceSnapshot' | 'DiskSnapshot';
    name: string;
    arn: string;
    createdAtMs: number;
    fromResourceName: string;
    fromResourceArn: string;
    fromBlueprintId?: string;
    fromBundleId?: string;
    sizeInGb: number;
  };
  /** The AMI (instance snapshot) or EBS snapshot (disk snapshot) id in EC2. */
  destinationId: string;
}

export interface StoredCloudFormationStackRecord extends StoredBase {
  exportRecordName: string;
  exportRecordArn: string;
  stackArn: string;
  /** The EC2 instance the stack creates, for the control API and the dump. */
  ec2InstanceId: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function recordState(r: StoredBase, now: number): 'Started' | 'Succeeded' | 'Failed' {
  const stage = lifecycle(r, now);
  return stage === 'pending' ? 'Started' : stage === 'ready' ? 'Succeeded' : 'Failed';
}

function location(r: StoredBase, region: string) {
  return { availabilityZone: r.availabilityZone, regionName: region };
}

function exportRecordView(r: StoredExportSnapshotRecord, region: string, now: number) {
  const s = r.source;
  return {
    name: r.name,
    arn: r.arn,
    createdAt: r.createdAtMs / 1000,
    location: location(r, region),
    resourceType: 'ExportSnapshotRecord',
    state: recordState(r, now),
    sourceInfo: {
      resourceType: s.resourceType,
      createdAt: s.createdAtMs / 1000,
      name: s.name,
      arn: s.arn,
      fromResourceName: s.fromResourceName,
      fromResourceArn: s.fromResourceArn,
      ...(s.resourceType === 'InstanceSnapshot'
        ? {
            instanceSnapshotInfo: {
              fromBundleId: s.fromBundleId,
              fromBlueprintId: s.fromBlueprintId,
              fromDiskInfo: [
                {
                  name: `${s.fromResourceName}-system-disk`,
                  path: '/dev/xvda',
                  sizeInGb: s.sizeInGb,
                  isSystemDisk: true,
                },
              ],
            },
          }
        : { diskSnapshotInfo: { sizeInGb: s.sizeInGb } }),
    },
    destinationInfo: {
      id: r.destinationId,
      service: s.resourceType === 'InstanceSnapshot' ? 'Aws::EC2::Image' : 'Aws::EC2::Snapshot',
    },
  };
}

function stackRecordView(r: StoredCloudFormationStackRecord, region: string, now: number) {
  return {
    name: r.name,
    arn: r.arn,
    createdAt: r.createdAtMs / 1000,
    location: location(r, region),
    resourceType: 'CloudFormationStackRecord',
    state: recordState(r, now),
    sourceInfo: [{ resourceType: 'ExportSnapshotRecord', name: r.exportRecordName, arn: r.exportRecordArn }],
    destinationInfo: { id: r.stackArn, service: 'Aws::CloudFormation::Stack' },
  };
}

/** The one instance entry CreateCloudFormationStack accepts, checked as the reference says. */
function instanceEntry(params: Params, region: string) {
  const instances = params.instances;
  if (!Array.isArray(instances) || instances.length === 0) {
    throw invalidInput('The instances parameter is required: a list with one instance entry.');
  }
  if (instances.length > 1) {
    throw invalidInput('You can only pass one instance entry at a time in the instances parameter.');
  }
  const entry = instances[0] as Params;
  const sourceName = requireName(entry, 'sourceName');
  const instanceType = requireString(entry, 'instanceType');
  const portInfoSource = requireOneOf('portInfoSource', requireString(entry, 'portInfoSource'), [
    'DEFAULT',
    'INSTANCE',
    'NONE',
    'CLOSED',
  ] as const);
  const availabilityZone = requireString(entry, 'availabilityZone');
  if (!new RegExp(`^${region}[a-f]$`).test(availabilityZone)) {
    throw invalidInput(`The availabilityZone ${availabilityZone} is not in the region ${region}.`);
  }
  return { sourceName, instanceType, portInfoSource, availabilityZone };
}

function exportSource(
  ctx: ActionContext,
  name: string,
): StoredExportSnapshotRecord['source'] & { zone: string } {
  const now = ctx.clock.now();
  const instanceSnapshot = ctx.store.instanceSnapshots[name];
  if (instanceSnapshot) {
    assertReady(instanceSnapshot, now, `The instance snapshot ${name}`);
    const blueprint =
      instanceSnapshot.fromBlueprintId && NON_EXPORTABLE_BLUEPRINTS[instanceSnapshot.fromBlueprintId];
    if (blueprint) {
      throw invalidInput(
        `The instance snapshot ${name} is of an instance created from the ${blueprint} blueprint, which cannot be exported to Amazon EC2.`,
      );
    }
    return {
      resourceType: 'InstanceSnapshot',
      name,
      arn: instanceSnapshot.arn,
      createdAtMs: instanceSnapshot.createdAtMs,
      fromResourceName: instanceSnapshot.fromInstanceName ?? '',
      fromResourceArn: instanceSnapshot.fromInstanceArn ?? '',
      fromBlueprintId: instanceSnapshot.fromBlueprintId,
      fromBundleId: instanceSnapshot.fromBundleId,
      sizeInGb: instanceSnapshot.sizeInGb,
      zone: instanceSnapshot.availabilityZone,
    };
  }
  const diskSnapshot = ctx.store.diskSnapshots[name];
  if (diskSnapshot) {
    assertReady(diskSnapshot, now, `The disk snapshot ${name}`);
    return {
      resourceType: 'DiskSnapshot',
      name,
      arn: diskSnapshot.arn,
      createdAtMs: diskSnapshot.createdAtMs,
      fromResourceName: diskSnapshot.fromDiskName ?? diskSnapshot.fromInstanceName ?? '',
      fromResourceArn: diskSnapshot.fromDiskArn ?? diskSnapshot.fromInstanceArn ?? '',
      sizeInGb: diskSnapshot.sizeInGb,
      zone: diskSnapshot.availabilityZone,
    };
  }
  // Snapshots are exported in their own region only, and automatic snapshots are not listed here:
  // both arrive as a snapshot this region does not have.
  throw notFound(
    `The snapshot ${name} does not exist in ${ctx.region}. Export works on a manual instance or disk snapshot in its own region; copy an automatic snapshot to a manual one first.`,
  );
}

export function registerExportToEc2(registry: ActionRegistry): void {
  registry.register(
    'ExportSnapshot',
    (ctx, params) => {
      const source = exportSource(ctx, requireName(params, 'sourceSnapshotName'));
      const { zone, ...stored } = source;
      const awsSeconds =
        source.resourceType === 'InstanceSnapshot'
          ? EXPORT_DURATIONS.exportInstanceSnapshot
          : EXPORT_DURATIONS.exportDiskSnapshot;
      const name = `ExportSnapshotRecord-${randomUUID()}`;
      ctx.store.exportSnapshotRecords[name] = {
        ...newResource(ctx, name, 'ExportSnapshotRecord', zone, awsSeconds, []),
        source: stored,
        destinationId:
          source.resourceType === 'InstanceSnapshot'
            ? `ami-${hex(9).slice(0, 17)}`
            : `snap-${hex(9).slice(0, 17)}`,
      };
      return {
        operations: [
          ctx.operation({
            resourceName: name,
            resourceType: 'ExportSnapshotRecord',
            operationType: 'ExportSnapshot',
            availabilityZone: zone,
            awsSeconds,
          }),
        ],
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetExportSnapshotRecords',
    (ctx) => ({
      exportSnapshotRecords: Object.values(ctx.store.exportSnapshotRecords)
        .sort((a, b) => b.createdAtMs - a.createdAtMs)
        .map((r) => exportRecordView(r, ctx.region, ctx.clock.now())),
    }),
    { mutating: false },
  );

  registry.register(
    'CreateCloudFormationStack',
    (ctx, params) => {
      const entry = instanceEntry(params, ctx.region);
      const now = ctx.clock.now();
      const record = ctx.store.exportSnapshotRecords[entry.sourceName];
      if (!record)
        throw notFound(`The export snapshot record ${entry.sourceName} does not exist in ${ctx.region}.`);
      if (record.source.resourceType !== 'InstanceSnapshot') {
        throw invalidInput(
          `The export snapshot record ${entry.sourceName} is of a disk snapshot: only an exported instance snapshot makes an EC2 instance.`,
        );
      }
      const exportState = recordState(record, now);
      if (exportState === 'Started') {
        throw invalidInput(
          `The export snapshot record ${entry.sourceName} is not complete; wait for it to complete and try again.`,
        );
      }
      if (exportState === 'Failed')
        throw invalidInput(`The export snapshot record ${entry.sourceName} failed and cannot be used.`);
      const inProgress = Object.values(ctx.store.cloudFormationStackRecords).find(
        (s) => s.exportRecordName === record.name && recordState(s, now) === 'Started',
      );
      if (inProgress) {
        throw invalidInput(
          `A CloudFormation stack (${inProgress.name}) is still creating an EC2 instance from ${record.name}; wait until it completes before creating another.`,
        );
      }
      const name = `CloudFormationStackRecord-${randomUUID()}`;
      const stackId = randomUUID();
      ctx.store.cloudFormationStackRecords[name] = {
        ...newResource(
          ctx,
          name,
          'CloudFormationStackRecord',
          entry.availabilityZone,
          EXPORT_DURATIONS.createCloudFormationStack,
          [],
        ),
        exportRecordName: record.name,
        exportRecordArn: record.arn,
        stackArn: `arn:aws:cloudformation:${ctx.region}:${ACCOUNT_ID}:stack/Lightsail-Stack-${stackId.slice(0, 8)}/${stackId}`,
        ec2InstanceId: `i-${hex(9).slice(0, 17)}`,
      };
      return {
        operations: [
          ctx.operation({
            resourceName: name,
            resourceType: 'CloudFormationStackRecord',
            operationType: 'CreateCloudFormationStack',
            availabilityZone: entry.availabilityZone,
            awsSeconds: EXPORT_DURATIONS.createCloudFormationStack,
          }),
        ],
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetCloudFormationStackRecords',
    (ctx) => ({
      cloudFormationStackRecords: Object.values(ctx.store.cloudFormationStackRecords)
        .sort((a, b) => b.createdAtMs - a.createdAtMs)
        .map((r) => stackRecordView(r, ctx.region, ctx.clock.now())),
    }),
    { mutating: false },
  );
}

import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateCloudFormationStackCommand,
  ExportSnapshotCommand,
  GetCloudFormationStackRecordsCommand,
  GetExportSnapshotRecordsCommand,
  type CloudFormationStackRecord,
  type ExportSnapshotRecord,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { callLightsail } from '../src/lightsail/call';
import type { LightsailClients } from '../src/lightsail/clients';
import { toTemporalFailure } from '../src/lightsail/errors';
import { readInstance } from '../src/lightsail/instances';
import { operationRefs, type OperationRef } from '../src/lightsail/operations';
import { CLOCK_SKEW_ALLOWANCE_MS } from '../src/lightsail/ownership';
import { readSnapshot } from '../src/lightsail/snapshots';
import { ListingWatcher, type Listing } from '../src/lightsail/listing-watcher';
import { watchSchedule } from '../src/lightsail/pooled-pace';
import { stillInProgress } from '../src/lightsail/waiting';
import type { PollSchedule } from '../src/schemas/common';
import { waitedSoFarMs, type AsyncWaits } from '../src/temporal/async-waits';
import {
  doneOrStillInProgress,
  exportRecordState,
  pendingAsUndefined,
  stackRecordState,
  type ExportRecordWait,
  type StackWait,
} from './export-record-states';
import { NON_EXPORTABLE_BLUEPRINTS } from '../src/lightsail-facts';
import { SOURCE_NOT_FOUND } from './snapshots';

export const NOT_EXPORTABLE = 'NotExportable';
export { EXPORT_FAILED, STACK_FAILED } from './export-record-states';

/** Lightsail pages its record lists; a few pages reach any record of this run. */
const MAX_PAGES = 20;

async function allPages<T>(
  fetch: (pageToken?: string) => Promise<{ items: T[]; next?: string }>,
): Promise<Listing<T>> {
  const items: T[] = [];
  let token: string | undefined;
  let calls = 0;
  do {
    const page = await fetch(token);
    calls++;
    items.push(...page.items);
    token = page.next;
  } while (token && calls < MAX_PAGES);
  return { items, calls };
}

function notExportable(what: string, blueprintId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `${what} was created from the ${NON_EXPORTABLE_BLUEPRINTS[blueprintId]} blueprint (${blueprintId}), which Lightsail cannot export to Amazon EC2.`,
    NOT_EXPORTABLE,
  );
}

/** The export activities: the checks before anything changes, the export, and the stack. */
export function exportActivities({
  clients,
  asyncWaits,
}: {
  clients: LightsailClients;
  asyncWaits?: AsyncWaits;
}) {
  const listExportRecords = (region: string) =>
    allPages<ExportSnapshotRecord>(async (pageToken) => {
      const out = await clients.forRegion(region).send(new GetExportSnapshotRecordsCommand({ pageToken }));
      return { items: out.exportSnapshotRecords ?? [], next: out.nextPageToken };
    });
  const listStackRecords = (region: string) =>
    allPages<CloudFormationStackRecord>(async (pageToken) => {
      const out = await clients
        .forRegion(region)
        .send(new GetCloudFormationStackRecordsCommand({ pageToken }));
      return { items: out.cloudFormationStackRecords ?? [], next: out.nextPageToken };
    });
  const exportRecords = (region: string) => listExportRecords(region).then((l) => l.items);
  const stackRecords = (region: string) => listStackRecords(region).then((l) => l.items);
  // Every run of this worker waiting on a record in a region shares one listing a round.
  const exportRecordWatcher = new ListingWatcher(
    'GetExportSnapshotRecords',
    listExportRecords,
    clients.callsPerSecond,
  );
  const stackRecordWatcher = new ListingWatcher(
    'GetCloudFormationStackRecords',
    listStackRecords,
    clients.callsPerSecond,
  );

  /** The stack's EC2 instance, once its record has Succeeded. */
  const stackInstance = async (region: string, record: CloudFormationStackRecord) => {
    const stackArn = record.destinationInfo?.id ?? '';
    const resources = await clients
      .cloudFormation(region)
      .send(new DescribeStackResourcesCommand({ StackName: stackArn }))
      .catch((err: unknown) => {
        throw toTemporalFailure(err, { action: 'cloudformation:DescribeStackResources', region });
      });
    const instance = resources.StackResources?.find((r) => r.ResourceType === 'AWS::EC2::Instance');
    return { stackArn, ec2InstanceId: instance?.PhysicalResourceId };
  };

  return {
    /**
     * Fails early, before anything changes, when an instance or a snapshot cannot be exported:
     * not in this region, or from a blueprint Lightsail does not export.
     */
    async checkExportable(input: {
      region: string;
      instanceName?: string;
      snapshot?: { name: string; kind: 'InstanceSnapshot' | 'DiskSnapshot' };
    }): Promise<void> {
      const { region } = input;
      if (input.instanceName) {
        const instance = await readInstance(clients, region, input.instanceName);
        if (!instance) {
          throw ApplicationFailure.nonRetryable(
            `Instance "${input.instanceName}" was not found in ${region}: export works in the resource's own region.`,
            SOURCE_NOT_FOUND,
          );
        }
        if (instance.blueprintId && NON_EXPORTABLE_BLUEPRINTS[instance.blueprintId]) {
          throw notExportable(`Instance ${input.instanceName}`, instance.blueprintId);
        }
      }
      if (input.snapshot) {
        const found = await readSnapshot(clients, region, input.snapshot.name, input.snapshot.kind);
        if (!found) {
          throw ApplicationFailure.nonRetryable(
            `${input.snapshot.kind === 'InstanceSnapshot' ? 'Instance' : 'Disk'} snapshot "${input.snapshot.name}" was not found in ${region}: export works in the snapshot's own region; copy it there first (copy-snapshot).`,
            SOURCE_NOT_FOUND,
          );
        }
        if (found.state === 'pending') throw stillInProgress(`Snapshot ${found.name} is still pending`);
        if (found.state === 'error') {
          throw ApplicationFailure.nonRetryable(
            `Snapshot ${found.name} in ${region} is in state ${found.rawState}.`,
            NOT_EXPORTABLE,
          );
        }
        if (found.fromBlueprintId && NON_EXPORTABLE_BLUEPRINTS[found.fromBlueprintId]) {
          throw notExportable(`Snapshot ${found.name}`, found.fromBlueprintId);
        }
      }
    },

    /** The names of the export records of a snapshot, before this run exports it. */
    async listExportRecordNames(input: { region: string; snapshotName: string }): Promise<string[]> {
      const records = await exportRecords(input.region).catch((err: unknown) => {
        throw toTemporalFailure(err, { action: 'GetExportSnapshotRecords', region: input.region });
      });
      return records.filter((r) => r.sourceInfo?.name === input.snapshotName).map((r) => r.name ?? '');
    },

    /**
     * Calls ExportSnapshot, unless an earlier attempt of this activity already did. Export records
     * cannot be tagged, so with `recordsBefore` (the snapshot's records listed before the first
     * attempt, while this run holds the snapshot's export lock) a retry adopts a record of this
     * snapshot that was not among them: only this run can have made it. Nothing is adopted on a
     * first attempt. Without `recordsBefore` (runs from before), the old rule: a record of this
     * snapshot made since the first attempt, on a retry.
     */
    async exportSnapshot(input: {
      region: string;
      snapshotName: string;
      recordsBefore?: string[];
    }): Promise<{ recordName?: string; operations: OperationRef[]; adopted: boolean }> {
      const info = Context.current().info;
      const newRecords = async () => {
        const records = await exportRecords(input.region).catch((err: unknown) => {
          throw toTemporalFailure(err, { action: 'GetExportSnapshotRecords', region: input.region });
        });
        const before = new Set(input.recordsBefore ?? []);
        const since = info.scheduledTimestampMs - CLOCK_SKEW_ALLOWANCE_MS;
        return records
          .filter(
            (r) =>
              r.sourceInfo?.name === input.snapshotName &&
              (input.recordsBefore ? !before.has(r.name ?? '') : (r.createdAt?.getTime() ?? 0) >= since),
          )
          .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
      };
      if (info.attempt > 1) {
        const mine = (await newRecords())[0];
        if (mine?.name) return { recordName: mine.name, operations: [], adopted: true };
      }
      const out = await callLightsail(clients, input.region, 'ExportSnapshot', (c) =>
        c.send(new ExportSnapshotCommand({ sourceSnapshotName: input.snapshotName })),
      );
      const operations = operationRefs(out.operations, input.region);
      let recordName = out.operations?.[0]?.resourceName;
      if (!recordName && input.recordsBefore) {
        // The record is waited on by name, and the lock is let go once it is known: if the answer
        // does not name it, the new one is it; not listed yet, the retry adopts it.
        recordName = (await newRecords())[0]?.name;
        if (!recordName) {
          throw ApplicationFailure.retryable(
            `The export record of ${input.snapshotName} is not listed yet`,
            'ExportRecordNotListed',
          );
        }
      }
      return { recordName, operations, adopted: false };
    },

    /**
     * Long wait: the export record of this snapshot, newest first, until Succeeded. With
     * `completeAsync` (runs since async-record-waits) the worker's record watcher answers it and
     * it holds no slot; otherwise it checks once and throws StillInProgress.
     */
    async awaitExportRecord(input: ExportRecordWait & { poll?: PollSchedule; completeAsync?: boolean }) {
      const { info } = Context.current();
      if (input.completeAsync && asyncWaits) {
        // The predicate lasts as long as the wait: it keeps the time, not the activity's info.
        const scheduledAtMs = info.scheduledTimestampMs;
        throw asyncWaits.hand(info, (signal) =>
          exportRecordWatcher.watch(
            input.region,
            (records) => pendingAsUndefined(exportRecordState(records, input, scheduledAtMs)),
            watchSchedule(input.poll),
            signal,
            waitedSoFarMs(info),
          ),
        );
      }
      const records = await exportRecords(input.region).catch((err: unknown) => {
        throw toTemporalFailure(err, { action: 'GetExportSnapshotRecords', region: input.region });
      });
      return doneOrStillInProgress(exportRecordState(records, input, info.scheduledTimestampMs));
    },

    /**
     * Creates the CloudFormation stack of an export, with exactly one instance entry. The stack
     * records are checked first: a stack of this export that is in progress or made already is
     * adopted, never created a second time (Lightsail refuses a second while one is in progress,
     * and a retried activity must find the one it made). The export record is this run's own
     * (exportSnapshot), so a stack made from it was made by this run, with this run's instance
     * type, zone, ports and user data: no other run is ever given this record.
     */
    async createStack(input: {
      region: string;
      exportRecordName: string;
      instanceType: string;
      availabilityZone: string;
      portInfoSource: 'INSTANCE' | 'DEFAULT' | 'NONE' | 'CLOSED';
      userData?: string;
    }): Promise<{ recordName: string; adopted: boolean }> {
      const existing = await stackRecords(input.region).catch((err: unknown) => {
        throw toTemporalFailure(err, { action: 'GetCloudFormationStackRecords', region: input.region });
      });
      const mine = existing.find(
        (r) => r.state !== 'Failed' && r.sourceInfo?.some((s) => s.name === input.exportRecordName),
      );
      if (mine?.name) return { recordName: mine.name, adopted: true };
      const out = await callLightsail(clients, input.region, 'CreateCloudFormationStack', (c) =>
        c.send(
          new CreateCloudFormationStackCommand({
            instances: [
              {
                sourceName: input.exportRecordName,
                instanceType: input.instanceType,
                availabilityZone: input.availabilityZone,
                portInfoSource: input.portInfoSource,
                ...(input.userData ? { userData: input.userData } : {}),
              },
            ],
          }),
        ),
      );
      return { recordName: out.operations?.[0]?.resourceName ?? '', adopted: false };
    },

    /**
     * Long wait: the stack record until Succeeded; then the EC2 instance the stack made. With
     * `completeAsync`, answered by the worker's record watcher, as awaitExportRecord.
     */
    async awaitStack(
      input: StackWait & { poll?: PollSchedule; completeAsync?: boolean },
    ): Promise<{ stackArn: string; ec2InstanceId?: string }> {
      const { info } = Context.current();
      if (input.completeAsync && asyncWaits) {
        const scheduledAtMs = info.scheduledTimestampMs;
        throw asyncWaits.hand(info, async (signal) => {
          const record = await stackRecordWatcher.watch(
            input.region,
            (records) => pendingAsUndefined(stackRecordState(records, input, scheduledAtMs)),
            watchSchedule(input.poll),
            signal,
            waitedSoFarMs(info),
          );
          return stackInstance(input.region, record);
        });
      }
      const records = await stackRecords(input.region).catch((err: unknown) => {
        throw toTemporalFailure(err, { action: 'GetCloudFormationStackRecords', region: input.region });
      });
      return stackInstance(
        input.region,
        doneOrStillInProgress(stackRecordState(records, input, info.scheduledTimestampMs)),
      );
    },
  };
}

import {
  AttachDiskCommand,
  CreateDiskFromSnapshotCommand,
  CreateDiskSnapshotCommand,
  DeleteDiskCommand,
  DetachDiskCommand,
  GetDiskCommand,
  GetDiskSnapshotCommand,
  StopInstanceCommand,
  type Disk,
  type Operation,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { awaitQuickOperations } from './operation-waits';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { operationRefs, type OperationRef } from '../src/lightsail/operations';
import { notOwnedReason, runTag, taggedRun, toTagList } from '../src/lightsail/ownership';
import { readInstance } from '../src/lightsail/instances';
import { stillInProgress } from '../src/lightsail/waiting';
import { currentWorkflowId } from './context';
import { TARGET_NAME_TAKEN } from './snapshots';

/** Stops an instance (forced: it is about to be deleted) and resolves once it is stopped. */
async function stopAndWait(clients: LightsailClients, region: string, instanceName: string): Promise<void> {
  const ctx = Context.current();
  for (;;) {
    const state = (await readInstance(clients, region, instanceName))?.state?.name;
    if (state === undefined || state === 'stopped') return;
    if (state === 'running') {
      await clients.forRegion(region).send(new StopInstanceCommand({ instanceName, force: true }));
    }
    ctx.heartbeat();
    await ctx.sleep(1_000);
  }
}

/** Block storage disks: snapshots of the old instance's disks, and their copies for the new one. */
export function diskActivities({ clients }: { clients: LightsailClients }) {
  const readDisk = async (region: string, diskName: string): Promise<Disk | undefined> => {
    try {
      return (await clients.forRegion(region).send(new GetDiskCommand({ diskName }))).disk;
    } catch (err) {
      if (isLightsailError(err, 'NotFoundException')) return undefined;
      throw toTemporalFailure(err, { action: 'GetDisk', region });
    }
  };
  const waitFor = (region: string, operations: Operation[] | undefined) =>
    awaitQuickOperations(clients, region, operations);

  /**
   * Lightsail refused a create because the name exists: what is there is this run's only if it
   * carries the run tag, given at creation (so the tag is proof); anything else is someone's.
   */
  const adoptOrRefuse = (existingTags: { key?: string; value?: string }[] | undefined, what: string) => {
    if (taggedRun(existingTags) === currentWorkflowId()) return { operations: [], adopted: true };
    throw ApplicationFailure.nonRetryable(
      `${what} already exists${taggedRun(existingTags) ? ` (made by run ${taggedRun(existingTags)})` : ''}; the run does not touch it.`,
      TARGET_NAME_TAKEN,
    );
  };

  return {
    /** Snapshots one disk, tagged with the run at creation. */
    async createDiskSnapshot(input: {
      region: string;
      diskName: string;
      snapshotName: string;
      tags: Record<string, string>;
    }): Promise<{ operations: OperationRef[]; adopted: boolean }> {
      const workflowId = currentWorkflowId();
      try {
        const out = await clients.forRegion(input.region).send(
          new CreateDiskSnapshotCommand({
            diskName: input.diskName,
            diskSnapshotName: input.snapshotName,
            tags: [...toTagList(input.tags), runTag(workflowId)],
          }),
        );
        return { operations: operationRefs(out.operations, input.region), adopted: false };
      } catch (err) {
        if (!isLightsailError(err, 'InvalidInputException')) {
          throw toTemporalFailure(err, { action: 'CreateDiskSnapshot', region: input.region });
        }
        const existing = await clients
          .forRegion(input.region)
          .send(new GetDiskSnapshotCommand({ diskSnapshotName: input.snapshotName }))
          .catch(() => undefined);
        if (!existing?.diskSnapshot)
          throw toTemporalFailure(err, { action: 'CreateDiskSnapshot', region: input.region });
        return adoptOrRefuse(
          existing.diskSnapshot.tags,
          `Disk snapshot ${input.snapshotName} in ${input.region}`,
        );
      }
    },

    /** Makes a disk from a snapshot in a zone, tagged with the run at creation. */
    async createDiskFromSnapshot(input: {
      region: string;
      diskName: string;
      snapshotName: string;
      availabilityZone: string;
      sizeInGb: number;
      tags: Record<string, string>;
    }): Promise<{ operations: OperationRef[]; adopted: boolean }> {
      try {
        const out = await clients.forRegion(input.region).send(
          new CreateDiskFromSnapshotCommand({
            diskName: input.diskName,
            diskSnapshotName: input.snapshotName,
            availabilityZone: input.availabilityZone,
            sizeInGb: input.sizeInGb,
            tags: [...toTagList(input.tags), runTag(currentWorkflowId())],
          }),
        );
        return { operations: operationRefs(out.operations, input.region), adopted: false };
      } catch (err) {
        if (!isLightsailError(err, 'InvalidInputException')) {
          throw toTemporalFailure(err, { action: 'CreateDiskFromSnapshot', region: input.region });
        }
        const existing = await readDisk(input.region, input.diskName);
        if (!existing)
          throw toTemporalFailure(err, { action: 'CreateDiskFromSnapshot', region: input.region });
        return adoptOrRefuse(existing.tags, `Disk ${input.diskName} in ${input.region}`);
      }
    },

    /** Long wait: the disk is available (made, not attached) or in use (attached). */
    async awaitDiskReady(input: { region: string; diskName: string }): Promise<void> {
      const disk = await readDisk(input.region, input.diskName);
      const state = disk?.state;
      if (state === 'available' || state === 'in-use') return;
      if (state === 'error' || state === 'unknown') {
        throw ApplicationFailure.nonRetryable(
          `Disk ${input.diskName} in ${input.region} is ${state}`,
          'DiskFailed',
        );
      }
      throw stillInProgress(`Disk ${input.diskName} is ${state ?? 'not there yet'}`);
    },

    /** Attaches a disk at a path; a disk already attached there to the instance is done. */
    async attachDisk(input: {
      region: string;
      diskName: string;
      instanceName: string;
      diskPath: string;
    }): Promise<void> {
      const disk = await readDisk(input.region, input.diskName);
      if (disk?.isAttached && disk.attachedTo === input.instanceName) return;
      try {
        const out = await clients.forRegion(input.region).send(
          new AttachDiskCommand({
            diskName: input.diskName,
            instanceName: input.instanceName,
            diskPath: input.diskPath,
          }),
        );
        await waitFor(input.region, out.operations);
      } catch (err) {
        throw toTemporalFailure(err, { action: 'AttachDisk', region: input.region });
      }
    },

    /**
     * Deletes a disk this run made (detaching it first); one already gone is done. With
     * onlyIfOwn, a disk not tagged as this run's is kept, and the answer says why.
     */
    async deleteDisk(input: {
      region: string;
      diskName: string;
      onlyIfOwn?: boolean;
    }): Promise<{ kept?: string }> {
      const disk = await readDisk(input.region, input.diskName);
      if (!disk) return {};
      if (input.onlyIfOwn) {
        const kept = notOwnedReason(disk.tags, currentWorkflowId());
        if (kept) return { kept };
      }
      const client = clients.forRegion(input.region);
      try {
        if (disk.isAttached && disk.attachedTo) {
          // Lightsail detaches a disk only from a stopped instance. The run stops an instance only
          // if it made it too (the one it is putting back); on anyone else's, the disk stays.
          const instance = await readInstance(clients, input.region, disk.attachedTo);
          if (instance) {
            const kept = notOwnedReason(instance.tags, currentWorkflowId());
            if (kept) return { kept: `it is attached to ${disk.attachedTo}, and ${kept}` };
            await stopAndWait(clients, input.region, disk.attachedTo);
          }
          const out = await client.send(new DetachDiskCommand({ diskName: input.diskName }));
          await waitFor(input.region, out.operations);
        }
        const out = await client.send(
          new DeleteDiskCommand({ diskName: input.diskName, forceDeleteAddOns: true }),
        );
        await waitFor(input.region, out.operations);
      } catch (err) {
        if (isLightsailError(err, 'NotFoundException')) return {};
        throw toTemporalFailure(err, { action: 'DeleteDisk', region: input.region });
      }
      return {};
    },
  };
}

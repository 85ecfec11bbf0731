import {
  CreateInstancesFromSnapshotCommand,
  DeleteInstanceCommand,
  type IpAddressType,
  type CreateInstancesFromSnapshotCommandOutput,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { operationRefs, waitForOperations, type OperationRef } from '../src/lightsail/operations';
import { readInstance } from '../src/lightsail/instances';
import { notOwnedReason, runTag, taggedRun, toTagList } from '../src/lightsail/ownership';
import { missingResource } from '../src/lightsail/vanished';
import { stillInProgress } from '../src/lightsail/waiting';
import { currentWorkflowId } from './context';

export const INSTANCE_NAME_TAKEN = 'InstanceNameTaken';

export function instanceActivities({ clients }: { clients: LightsailClients }) {
  const getInstance = (region: string, instanceName: string) => readInstance(clients, region, instanceName);

  return {
    /**
     * Creates an instance from a snapshot, tagged with the run at creation, so a retry that finds
     * the name taken can tell its own instance (adopted) from someone else's (a clear failure).
     */
    async createInstanceFromSnapshot(input: {
      region: string;
      instanceName: string;
      snapshotName: string;
      bundleId: string;
      availabilityZone: string;
      tags: Record<string, string>;
      /** Default: Lightsail's (dualstack). */
      ipAddressType?: IpAddressType;
      /** Refused names name this input field (restore.instanceName for a copy's restore). */
      nameField?: string;
    }): Promise<{ operations: OperationRef[]; adopted: boolean }> {
      const workflowId = currentWorkflowId();
      let out: CreateInstancesFromSnapshotCommandOutput;
      try {
        out = await clients.forRegion(input.region).send(
          new CreateInstancesFromSnapshotCommand({
            instanceNames: [input.instanceName],
            instanceSnapshotName: input.snapshotName,
            bundleId: input.bundleId,
            availabilityZone: input.availabilityZone,
            ...(input.ipAddressType ? { ipAddressType: input.ipAddressType } : {}),
            tags: [...toTagList(input.tags), runTag(workflowId)],
          }),
        );
      } catch (err) {
        if (!isLightsailError(err, 'InvalidInputException')) {
          throw toTemporalFailure(err, { action: 'CreateInstancesFromSnapshot', region: input.region });
        }
        const existing = await getInstance(input.region, input.instanceName);
        if (existing && taggedRun(existing.tags) === workflowId) return { operations: [], adopted: true };
        if (existing) {
          throw ApplicationFailure.nonRetryable(
            `An instance named "${input.instanceName}" already exists in ${input.region}. Choose another ${input.nameField ?? 'restore.instanceName'}.`,
            INSTANCE_NAME_TAKEN,
          );
        }
        throw toTemporalFailure(err, { action: 'CreateInstancesFromSnapshot', region: input.region });
      }
      return { operations: operationRefs(out.operations, input.region), adopted: false };
    },

    /** Long wait: resolves with the instance's ARN once it is running. */
    async awaitInstanceRunning(input: {
      region: string;
      instanceName: string;
      /** Missing for this long since the wait began: ResourceVanished. */
      vanishAfterMs?: number;
    }): Promise<{ arn: string }> {
      const instance = await getInstance(input.region, input.instanceName);
      if (!instance)
        throw missingResource(`Instance ${input.instanceName}`, input.region, input.vanishAfterMs);
      const state = instance.state?.name;
      if (state === 'pending') throw stillInProgress(`Instance ${input.instanceName} is pending`);
      if (state !== 'running') {
        throw ApplicationFailure.nonRetryable(
          `Instance ${input.instanceName} in ${input.region} is ${state ?? 'in an unknown state'}, not running`,
          'InstanceNotRunning',
        );
      }
      return { arn: instance.arn ?? '' };
    },

    /**
     * Deletes an instance this run created; one that is already gone is done. With onlyIfOwn, an
     * instance not tagged as this run's (read again just before) is kept, and the answer says why.
     */
    async deleteInstance(input: {
      region: string;
      instanceName: string;
      onlyIfOwn?: boolean;
    }): Promise<{ kept?: string }> {
      const ctx = Context.current();
      if (input.onlyIfOwn) {
        const current = await getInstance(input.region, input.instanceName);
        if (!current) return {};
        const kept = notOwnedReason(current.tags, currentWorkflowId());
        if (kept) return { kept };
      }
      try {
        const out = await clients
          .forRegion(input.region)
          .send(new DeleteInstanceCommand({ instanceName: input.instanceName, forceDeleteAddOns: true }));
        await waitForOperations(clients, operationRefs(out.operations, input.region), {
          timeoutMs: 120_000,
          heartbeat: () => ctx.heartbeat(),
          signal: ctx.cancellationSignal,
        });
      } catch (err) {
        if (isLightsailError(err, 'NotFoundException')) return {};
        throw toTemporalFailure(err, { action: 'DeleteInstance', region: input.region });
      }
      return {};
    },
  };
}

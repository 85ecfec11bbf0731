import { CreateInstanceSnapshotCommand } from '@aws-sdk/client-lightsail';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { operationRefs, type OperationRef } from '../src/lightsail/operations';
import { runTag, taggedRun, toTagList } from '../src/lightsail/ownership';
import { beyondKeep, listSeries } from '../src/lightsail/series';
import { readSnapshot } from '../src/lightsail/snapshots';
import type { SnapshotKind } from '../src/schemas/copy-snapshot';
import { currentWorkflowId } from './context';
import { deleteSnapshotAndWait, SOURCE_NOT_FOUND, TARGET_NAME_TAKEN } from './snapshots';

/** The activities of runbooks: a fresh snapshot of an instance, and the retention of a series. */
export function runbookSnapshotActivities({ clients }: { clients: LightsailClients }) {
  return {
    /**
     * Snapshots an instance, tagged with the run (and the series) at creation. A name already
     * taken by this run's earlier attempt is adopted; by anything else, TargetNameTaken.
     */
    async createInstanceSnapshot(input: {
      region: string;
      instanceName: string;
      snapshotName: string;
      tags: Record<string, string>;
    }): Promise<{ operations: OperationRef[]; adopted: boolean }> {
      const tags = [...toTagList(input.tags), runTag(currentWorkflowId())];
      try {
        const out = await clients.forRegion(input.region).send(
          new CreateInstanceSnapshotCommand({
            instanceName: input.instanceName,
            instanceSnapshotName: input.snapshotName,
            tags,
          }),
        );
        return { operations: operationRefs(out.operations, input.region), adopted: false };
      } catch (err) {
        if (isLightsailError(err, 'NotFoundException')) {
          throw ApplicationFailure.nonRetryable(
            `Source instance "${input.instanceName}" was not found in ${input.region}.`,
            SOURCE_NOT_FOUND,
          );
        }
        if (!isLightsailError(err, 'InvalidInputException')) {
          throw toTemporalFailure(err, { action: 'CreateInstanceSnapshot', region: input.region });
        }
        const existing = await readSnapshot(clients, input.region, input.snapshotName, 'InstanceSnapshot');
        if (!existing)
          throw toTemporalFailure(err, { action: 'CreateInstanceSnapshot', region: input.region });
        // Tagged at creation: the run tag alone proves whose it is.
        const owner = taggedRun(existing.tags);
        if (owner === currentWorkflowId()) return { operations: [], adopted: true };
        throw ApplicationFailure.nonRetryable(
          `The snapshot name "${input.snapshotName}" is already taken in ${input.region}` +
            `${owner ? ` by run ${owner}` : ''}. Choose another name, or delete that snapshot first.`,
          TARGET_NAME_TAKEN,
        );
      }
    },

    /**
     * Deletes the snapshots of a series beyond the newest `keep`, oldest first. Only snapshots
     * carrying the series tag are considered, so nothing the user made by hand is touched; one
     * already deleted counts as deleted, so a retried attempt finishes the job.
     */
    async applyRetention(input: {
      region: string;
      kind: SnapshotKind;
      series: string;
      keep: number;
    }): Promise<{ deleted: string[] }> {
      const snapshots = await listSeries(clients, input.region, input.kind, input.series).catch(
        (err: unknown) => {
          throw toTemporalFailure(err, { action: `Get${input.kind}s`, region: input.region });
        },
      );
      const doomed = beyondKeep(snapshots, input.keep);
      for (const s of doomed) {
        await deleteSnapshotAndWait(clients, {
          region: input.region,
          snapshotName: s.name,
          kind: input.kind,
        });
        Context.current().heartbeat(s.name);
      }
      return { deleted: doomed.map((s) => s.name) };
    },
  };
}

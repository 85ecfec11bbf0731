import {
  CopySnapshotCommand,
  DeleteDiskSnapshotCommand,
  DeleteInstanceSnapshotCommand,
  GetAutoSnapshotsCommand,
  type CopySnapshotCommandOutput,
  type GetAutoSnapshotsCommandOutput,
  type RegionName,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { operationRefs, waitForOperations, type OperationRef } from '../src/lightsail/operations';
import { isOwnResource, notOwnedReason, taggedRun, TARGET_NAME_TAKEN } from '../src/lightsail/ownership';
import { missingResource } from '../src/lightsail/vanished';
import { findSnapshot, readSnapshot, type SnapshotView } from '../src/lightsail/snapshots';
import { stillInProgress } from '../src/lightsail/waiting';
import type { CopyableSource, SnapshotKind } from '../src/schemas/copy-snapshot';
import { currentWorkflowId } from './context';
import { tagAsRuns } from './tags';

/** Snapshot activities: each wraps one Lightsail action or one read of a state. */

export const SOURCE_NOT_FOUND = 'SourceNotFound';
export const SOURCE_UNUSABLE = 'SourceUnusable';
export { TARGET_NAME_TAKEN };

export interface SnapshotSource {
  kind: SnapshotKind;
  /** The manual snapshot's name, or the resource whose automatic snapshot this is. */
  name: string;
  arn?: string;
  /** The instance or disk the snapshot was taken from (a copy keeps it). */
  fromName?: string;
  /** For an automatic snapshot: its date, resolved when the input asked for the latest. */
  restoreDate?: string;
}

export function snapshotActivities({ clients }: { clients: LightsailClients }) {
  return {
    /**
     * Checks that the source exists and is ready. A missing source fails at once, naming it;
     * a pending one throws StillInProgress, so the retry policy waits for it.
     */
    async inspectSnapshotSource(input: { region: string; source: CopyableSource }): Promise<SnapshotSource> {
      const { region, source } = input;
      if (source.type === 'manual') {
        const found = await findSnapshot(clients, region, source.snapshotName);
        if (!found) {
          throw ApplicationFailure.nonRetryable(
            `Source snapshot "${source.snapshotName}" was not found in ${region}: no instance or disk snapshot has that name.`,
            SOURCE_NOT_FOUND,
          );
        }
        if (found.state === 'pending')
          throw stillInProgress(`Source snapshot ${found.name} is still pending`);
        if (found.state === 'error') {
          throw ApplicationFailure.nonRetryable(
            `Source snapshot "${found.name}" in ${region} is in state ${found.rawState ?? 'error'} and cannot be copied.`,
            SOURCE_UNUSABLE,
          );
        }
        return { kind: found.kind, name: found.name, arn: found.arn, fromName: found.fromName };
      }
      return inspectAutoSnapshot(clients, region, source);
    },

    /** Fails with TargetNameTaken when another snapshot already holds the name in the region. */
    async checkTargetNameFree(input: { region: string; snapshotName: string }): Promise<void> {
      const existing = await findSnapshot(clients, input.region, input.snapshotName);
      // Only a snapshot tagged as this run's is its own: the copy has not been asked for yet.
      if (existing && taggedRun(existing.tags) !== currentWorkflowId()) {
        throw targetNameTaken(input.region, existing);
      }
    },

    /**
     * Calls CopySnapshot in the target region. CopySnapshot cannot tag at creation: the workflow
     * tags the copy as the run's right after, so that from then on the tag proves whose it is.
     * If Lightsail refuses because the name exists, the snapshot there is adopted only when
     * isOwnResource proves it is this activity's earlier attempt's.
     */
    async copySnapshot(input: CopyInput): Promise<CopyResult> {
      return copyOrAdopt(clients, input);
    },

    /**
     * copySnapshot, then the run's tag on the copy, in one activity: the two always go together,
     * and one activity is three history events and one workflow task fewer. Once the copy is
     * asked for, its answer is heartbeated, so a retry after a failed tag (the copy not visible
     * yet) tags again without asking for another copy.
     */
    async copySnapshotAndTag(input: CopyInput & { vanishAfterMs?: number }): Promise<CopyResult> {
      const ctx = Context.current();
      const earlier = ctx.info.heartbeatDetails as CopyResult | undefined;
      const result = earlier ?? (await copyOrAdopt(clients, input));
      const beat = () => ctx.heartbeat(result);
      beat();
      await tagAsRuns(
        clients,
        {
          region: input.targetRegion,
          resourceName: input.targetSnapshotName,
          tags: {},
          vanishAfterMs: input.vanishAfterMs,
        },
        beat,
      );
      return result;
    },

    /** Long wait: resolves when the snapshot is available (instance) or completed (disk). */
    async awaitSnapshotReady(input: {
      region: string;
      snapshotName: string;
      kind: SnapshotKind;
      /** Missing for this long since the wait began: ResourceVanished. */
      vanishAfterMs?: number;
    }): Promise<{
      arn: string;
      fromBundleId?: string;
    }> {
      const snapshot = await readSnapshot(clients, input.region, input.snapshotName, input.kind);
      if (!snapshot)
        throw missingResource(`${input.kind} ${input.snapshotName}`, input.region, input.vanishAfterMs);
      if (snapshot.state === 'pending')
        throw stillInProgress(`Snapshot ${snapshot.name} is ${snapshot.rawState}`);
      if (snapshot.state === 'error') {
        throw ApplicationFailure.nonRetryable(
          `Snapshot ${snapshot.name} in ${input.region} ended in state ${snapshot.rawState ?? 'error'}`,
          'SnapshotFailed',
        );
      }
      return { arn: snapshot.arn ?? '', fromBundleId: snapshot.fromBundleId };
    },

    /**
     * Deletes a snapshot this run created; one that is already gone is done. With onlyIfOwn, the
     * run tag is read again just before the delete, and a snapshot not tagged as this run's is
     * kept: the answer says why.
     */
    async deleteSnapshot(input: {
      region: string;
      snapshotName: string;
      kind: SnapshotKind;
      onlyIfOwn?: boolean;
    }): Promise<{ kept?: string }> {
      if (input.onlyIfOwn) {
        const current = await readSnapshot(clients, input.region, input.snapshotName, input.kind);
        if (!current) return {};
        const kept = notOwnedReason(current.tags, currentWorkflowId());
        if (kept) return { kept };
      }
      await deleteSnapshotAndWait(clients, input);
      return {};
    },
  };
}

interface CopyInput {
  sourceRegion: string;
  targetRegion: string;
  source: CopyableSource;
  sourceInfo: SnapshotSource;
  targetSnapshotName: string;
  /** The name is this run's alone: derived from the run, or held under its name lock. */
  nameIsRuns?: boolean;
}

interface CopyResult {
  operations: OperationRef[];
  adopted: boolean;
}

/**
 * Calls CopySnapshot in the target region. If Lightsail refuses because the name exists, the
 * snapshot there is adopted only when isOwnResource proves it is this activity's earlier attempt's.
 */
async function copyOrAdopt(clients: LightsailClients, input: CopyInput): Promise<CopyResult> {
  const { source, targetRegion, targetSnapshotName } = input;
  const ctx = Context.current();
  const command = new CopySnapshotCommand({
    sourceRegion: input.sourceRegion as RegionName,
    targetSnapshotName,
    ...(source.type === 'manual'
      ? { sourceSnapshotName: source.snapshotName }
      : { sourceResourceName: source.resourceName, restoreDate: input.sourceInfo.restoreDate }),
  });
  let result: CopyResult;
  try {
    const out: CopySnapshotCommandOutput = await clients.forRegion(targetRegion).send(command);
    result = { operations: operationRefs(out.operations, targetRegion), adopted: false };
  } catch (err) {
    if (!isLightsailError(err, 'InvalidInputException')) {
      throw toTemporalFailure(err, { action: 'CopySnapshot', region: targetRegion });
    }
    const existing = await readSnapshot(clients, targetRegion, targetSnapshotName, input.sourceInfo.kind);
    const own =
      existing &&
      isOwnResource(existing, {
        workflowId: currentWorkflowId(),
        fromName: input.sourceInfo.fromName,
        firstAttemptAtMs: ctx.info.scheduledTimestampMs,
        attempt: ctx.info.attempt,
        nameIsRuns: input.nameIsRuns,
      });
    if (!own) {
      if (existing) throw targetNameTaken(targetRegion, existing);
      throw toTemporalFailure(err, { action: 'CopySnapshot', region: targetRegion });
    }
    result = { operations: [], adopted: true };
  }
  return result;
}

/** Deletes a snapshot and waits for the delete's operations; one already gone counts as deleted. */
export async function deleteSnapshotAndWait(
  clients: LightsailClients,
  input: { region: string; snapshotName: string; kind: SnapshotKind },
): Promise<void> {
  const client = clients.forRegion(input.region);
  try {
    const out =
      input.kind === 'InstanceSnapshot'
        ? await client.send(new DeleteInstanceSnapshotCommand({ instanceSnapshotName: input.snapshotName }))
        : await client.send(new DeleteDiskSnapshotCommand({ diskSnapshotName: input.snapshotName }));
    const ctx = Context.current();
    await waitForOperations(clients, operationRefs(out.operations, input.region), {
      timeoutMs: 60_000,
      heartbeat: () => ctx.heartbeat(),
      signal: ctx.cancellationSignal,
    });
  } catch (err) {
    if (isLightsailError(err, 'NotFoundException')) return;
    throw toTemporalFailure(err, { action: `Delete${input.kind}`, region: input.region });
  }
}

async function inspectAutoSnapshot(
  clients: LightsailClients,
  region: string,
  source: Extract<CopyableSource, { type: 'automatic' }>,
): Promise<SnapshotSource> {
  let out: GetAutoSnapshotsCommandOutput;
  try {
    out = await clients
      .forRegion(region)
      .send(new GetAutoSnapshotsCommand({ resourceName: source.resourceName }));
  } catch (err) {
    if (isLightsailError(err, 'NotFoundException')) {
      throw ApplicationFailure.nonRetryable(
        `Source resource "${source.resourceName}" was not found in ${region}: no instance or disk has that name.`,
        SOURCE_NOT_FOUND,
      );
    }
    throw toTemporalFailure(err, { action: 'GetAutoSnapshots', region });
  }
  const snapshots = [...(out.autoSnapshots ?? [])].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const chosen = source.restoreDate
    ? snapshots.find((s) => s.date === source.restoreDate)
    : (snapshots.find((s) => s.status === 'Success') ?? snapshots[0]);
  const dates = snapshots.map((s) => `${s.date} (${s.status})`).join(', ') || 'none';
  if (!chosen?.date) {
    throw ApplicationFailure.nonRetryable(
      `"${source.resourceName}" in ${region} has no automatic snapshot${source.restoreDate ? ` dated ${source.restoreDate}` : ''}. Automatic snapshots there: ${dates}.`,
      SOURCE_NOT_FOUND,
    );
  }
  if (chosen.status === 'InProgress')
    throw stillInProgress(`Automatic snapshot ${chosen.date} is in progress`);
  if (chosen.status !== 'Success') {
    throw ApplicationFailure.nonRetryable(
      `The automatic snapshot of "${source.resourceName}" dated ${chosen.date} is ${chosen.status ?? 'not usable'} and cannot be copied.`,
      SOURCE_UNUSABLE,
    );
  }
  return {
    kind: out.resourceType === 'Disk' ? 'DiskSnapshot' : 'InstanceSnapshot',
    name: source.resourceName,
    fromName: source.resourceName,
    restoreDate: chosen.date,
  };
}

function targetNameTaken(region: string, existing: SnapshotView): ApplicationFailure {
  const kind = existing.kind === 'InstanceSnapshot' ? 'an instance snapshot' : 'a disk snapshot';
  return ApplicationFailure.nonRetryable(
    `The target name "${existing.name}" is already taken in ${region} by ${kind}${existing.fromName ? ` of ${existing.fromName}` : ''}` +
      `${existing.createdAt ? ` created ${existing.createdAt.toISOString()}` : ''}. ` +
      'Choose another targetSnapshotName, or delete that snapshot first.',
    TARGET_NAME_TAKEN,
  );
}

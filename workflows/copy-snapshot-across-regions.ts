import { ApplicationFailure, isCancellation, patched } from '@temporalio/workflow';
import type { SnapshotSource } from '../activities/snapshots';
import {
  COPY_SNAPSHOT_WORKFLOW,
  CopySnapshotInput,
  type CopySnapshotResult,
} from '../src/schemas/copy-snapshot';
import { copySnapshotSteps, retentionRegions as retentionRegionsOf } from '../src/plan/steps/copy-snapshot';
import { applyRetention, seriesTags, snapshotInstance } from './copy/runbook-steps';
import { lockNameOrFail, releaseAtRunEnd, type NameLock } from './locks/name-locks';
import { activityProxies } from './support/activity-proxies';
import { Compensations } from './support/compensations';
import { rootFailure, runFailure } from './support/failures';
import { Progress, rootMessage } from './support/progress';
import { runOwnsNames, runScopedName } from './support/run-names';
import { INVALID_INPUT, validateInput } from './support/validate-input';

type Copy = CopySnapshotResult['copies'][number];

/** The patch that dropped the separate target-name check before each copy. */
const COPY_WITHOUT_NAME_CHECK = 'copy-without-name-check';
/**
 * The patch that cut a copy's history (docs/performance.md): the source check, the ready check and
 * the final tag as local activities, and the copy tagged as the run's in the copy's own activity.
 * Runs with it own their names and copy without the name check: the two older patches are not
 * asked again, since each patch asked writes a marker and a search-attribute upsert.
 */
const COPY_FEWER_EVENTS = 'copy-fewer-events';
/**
 * The copy's patch after which a run's name locks end with the run (releaseAtRunEnd,
 * LOCKS_END_WITH_RUN): asked first, in place of COPY_FEWER_EVENTS, so that it costs no marker of its
 * own. Runs with it have the fewer events too.
 */
const COPY_LOCKS_END_WITH_RUN = 'copy-locks-end-with-run';

/**
 * Copies a manual or automatic Lightsail snapshot from one region to one or more others, in
 * parallel, waits until each copy is available, tags it, and optionally restores an instance
 * from it. If any target fails, everything this run created is deleted, newest first.
 */
export async function copySnapshotAcrossRegions(rawInput: CopySnapshotInput): Promise<CopySnapshotResult> {
  const input = validateInput(COPY_SNAPSHOT_WORKFLOW, CopySnapshotInput, rawInput);
  const progress = new Progress(COPY_SNAPSHOT_WORKFLOW);
  const proxies = activityProxies(input.poll);
  const { calls, shortWaits, longWaits, quickReads, quickCalls, awaitOperations } = proxies;
  const saga = new Compensations();
  const locksEndWithRun = patched(COPY_LOCKS_END_WITH_RUN);
  const fewerEvents = locksEndWithRun || patched(COPY_FEWER_EVENTS);
  // Runs from before run-owned names replay as they ran: minute-stamped names, no locks.
  const owned = fewerEvents || runOwnsNames();
  // Short reads and the last tag answer at once: as local activities they cost a marker each.
  const reads = fewerEvents ? quickReads : longWaits;
  const finalTag = fewerEvents ? quickCalls : shortWaits;
  const { vanishAfterMs } = proxies;
  const locks: NameLock[] = [];

  for (const step of copySnapshotSteps(input)) progress.plan(step.id, step.title);
  const retention = input.retention;
  const retentionRegions = retentionRegionsOf(input);

  try {
    // A name the user chose is held under a lock for the whole run, taken before anything is
    // made: of two runs racing for it, one copies and the other fails at once, naming the first.
    if (owned && input.targetSnapshotName) {
      for (const region of input.targetRegions) {
        locks.push(
          await lockNameOrFail(
            proxies,
            { region, kind: 'Snapshot', name: input.targetSnapshotName },
            'targetSnapshotName',
          ),
        );
      }
    }
    const copyable =
      input.source.type === 'instance'
        ? await snapshotInstance(proxies, progress, saga, {
            region: input.sourceRegion,
            instanceName: input.source.instanceName,
            tags: { ...input.tags, ...seriesTags(retention) },
            startedAt: new Date(),
            owned,
            vanishAfterMs,
          })
        : input.source;
    const source = await progress.run('check-source', () =>
      reads.inspectSnapshotSource({ region: input.sourceRegion, source: copyable }),
    );
    if (input.restore && source.kind !== 'InstanceSnapshot') {
      throw ApplicationFailure.nonRetryable(
        `restore: only an instance snapshot can be restored to an instance; ${source.name} is a disk snapshot`,
        INVALID_INPUT,
      );
    }
    // A fresh snapshot of an instance keeps its name in the other regions: the series reads alike everywhere.
    const targetSnapshotName =
      input.targetSnapshotName ??
      (input.source.type === 'instance' ? source.name : defaultTargetName(source, new Date(), owned));

    const copyTo = async (region: string): Promise<Copy> => {
      const copy = await progress.run(`copy@${region}`, async () => {
        // CopySnapshot refuses a taken name by itself, and copySnapshot tells another's snapshot
        // (TargetNameTaken) from its own earlier attempt's: a separate check cost two calls a
        // region. Runs started before this change replay with the check.
        if (!fewerEvents && !patched(COPY_WITHOUT_NAME_CHECK)) {
          await calls.checkTargetNameFree({ region, snapshotName: targetSnapshotName });
        }
        const copyInput = {
          sourceRegion: input.sourceRegion,
          targetRegion: region,
          source: copyable,
          sourceInfo: source,
          targetSnapshotName,
          ...(owned ? { nameIsRuns: true } : {}),
        };
        const result = fewerEvents
          ? await shortWaits.copySnapshotAndTag({ ...copyInput, vanishAfterMs })
          : await calls.copySnapshot(copyInput);
        saga.add({
          description: `delete ${source.kind} ${targetSnapshotName} in ${region}`,
          region,
          type: source.kind,
          name: targetSnapshotName,
          undo: () =>
            shortWaits.deleteSnapshot({
              region,
              snapshotName: targetSnapshotName,
              kind: source.kind,
              ...(owned ? { onlyIfOwn: true } : {}),
            }),
        });
        progress.touched({
          region,
          type: source.kind,
          name: targetSnapshotName,
          action: result.adopted ? 'adopted' : 'created',
        });
        // Marked as the run's at once, so that every later check (a retry, a compensation)
        // reads the proof from the copy itself (in copySnapshotAndTag, by the copy's activity).
        if (owned && !fewerEvents) {
          await shortWaits.tagResource({ region, resourceName: targetSnapshotName, tags: {}, vanishAfterMs });
        }
        return result;
      });

      const ready = await progress.run(`wait@${region}`, async () => {
        if (copy.operations.length > 0) {
          progress.detail(`wait@${region}`, `${copy.operations.length} operation(s)`);
          await awaitOperations(copy.operations);
        }
        return reads.awaitSnapshotReady({
          region,
          snapshotName: targetSnapshotName,
          kind: source.kind,
          ...(owned ? { vanishAfterMs } : {}),
        });
      });

      await progress.run(`tag@${region}`, () =>
        finalTag.tagResource({
          region,
          resourceName: targetSnapshotName,
          tags: { ...input.tags, ...seriesTags(retention) },
        }),
      );

      const result: Copy = {
        region,
        snapshotName: targetSnapshotName,
        arn: ready.arn,
        kind: source.kind,
        adopted: copy.adopted,
      };
      if (input.restore) {
        result.instance = await restoreInstance(region, targetSnapshotName, ready.fromBundleId);
      }
      return result;
    };

    const restoreInstance = async (
      region: string,
      snapshotName: string,
      fromBundleId: string | undefined,
    ) => {
      const restore = input.restore!;
      return progress.run(`restore@${region}`, async () => {
        const bundleId = restore.bundleId ?? fromBundleId;
        if (!bundleId) {
          throw ApplicationFailure.nonRetryable(
            `restore.bundleId: the snapshot does not say which bundle it came from; give restore.bundleId`,
            INVALID_INPUT,
          );
        }
        const created = await calls.createInstanceFromSnapshot({
          region,
          instanceName: restore.instanceName,
          snapshotName,
          bundleId,
          availabilityZone: `${region}${restore.availabilityZoneLetter}`,
          tags: input.tags,
        });
        saga.add({
          description: `delete instance ${restore.instanceName} in ${region}`,
          region,
          type: 'Instance',
          name: restore.instanceName,
          undo: () =>
            shortWaits.deleteInstance({
              region,
              instanceName: restore.instanceName,
              ...(owned ? { onlyIfOwn: true } : {}),
            }),
        });
        progress.touched({
          region,
          type: 'Instance',
          name: restore.instanceName,
          action: created.adopted ? 'adopted' : 'created',
        });
        if (created.operations.length > 0) await awaitOperations(created.operations);
        const running = await longWaits.awaitInstanceRunning({
          region,
          instanceName: restore.instanceName,
          ...(owned ? { vanishAfterMs } : {}),
        });
        return { name: restore.instanceName, arn: running.arn };
      });
    };

    // Every target runs to its end, so that a failure in one never leaves another's copy
    // half-made when the compensations run.
    const outcomes = await Promise.allSettled(input.targetRegions.map(copyTo));
    const failures = outcomes.flatMap((o, i) =>
      o.status === 'rejected' ? [{ region: input.targetRegions[i]!, error: o.reason as unknown }] : [],
    );
    // A cancelled run stays cancelled (after its compensations), not a copy failure.
    const cancelled = failures.find((f) => isCancellation(f.error));
    if (cancelled) throw cancelled.error;
    if (failures.length > 0) throw targetsFailed(failures);

    // Retention runs last, after every copy is verified: a failed run never prunes.
    const pruned = [];
    for (const region of retentionRegions) {
      pruned.push(
        await applyRetention(proxies, progress, `retention@${region}`, {
          region,
          kind: source.kind,
          retention: retention!,
        }),
      );
    }

    progress.setStatus('succeeded');
    return {
      source: {
        region: input.sourceRegion,
        name: source.name,
        type: input.source.type,
        kind: source.kind,
        arn: source.arn,
        restoreDate: source.restoreDate,
      },
      copies: outcomes.map((o) => (o as PromiseFulfilledResult<Copy>).value),
      ...(retention ? { retention: pruned } : {}),
      steps: progress.timings(),
    };
  } catch (err) {
    progress.setStatus('compensating');
    await saga.run(progress);
    progress.setStatus('failed');
    throw runFailure(err);
  } finally {
    await releaseAtRunEnd(locks, locksEndWithRun);
  }
}

/**
 * e.g. web-1-base-copy-2026-11-22-1454-3fa9c1d2 (the run's start, UTC, to the minute, and the
 * run's own suffix, so no two runs ever ask for the same default name), or
 * web-1-auto-2026-11-21-3fa9c1d2 for an automatic snapshot, named after the snapshot's own date.
 * Runs from before run-owned names replay without the suffix.
 */
function defaultTargetName(source: SnapshotSource, now: Date, owned: boolean): string {
  const stamp = now.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  if (owned) {
    return source.restoreDate
      ? runScopedName(`${source.name}-auto`, source.restoreDate)
      : runScopedName(`${source.name}-copy`, stamp);
  }
  const suffix = source.restoreDate ? `-auto-${source.restoreDate}` : `-copy-${stamp}`;
  return `${source.name.slice(0, 255 - suffix.length)}${suffix}`;
}

/**
 * One failure for the whole run, typed after the first target's root cause (SourceNotFound,
 * TargetNameTaken, LightsailOperationFailed, ...) so callers can branch on it.
 */
function targetsFailed(failures: { region: string; error: unknown }[]): ApplicationFailure {
  const first = failures[0]!;
  const root = rootFailure(first.error);
  return ApplicationFailure.create({
    type: root?.type ?? 'CopyFailed',
    nonRetryable: true,
    message: failures
      .map((f) => `${f.region}: ${f.error instanceof Error ? rootMessage(f.error) : String(f.error)}`)
      .join('; '),
    details: root?.details ? [...root.details] : undefined,
    cause: first.error instanceof Error ? first.error : undefined,
  });
}

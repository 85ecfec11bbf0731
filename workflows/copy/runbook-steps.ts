import {
  SERIES_TAG_KEY,
  type CopySnapshotParsedInput,
  type CopyableSource,
  type SnapshotKind,
} from '../../src/schemas/copy-snapshot';
import type { activityProxies } from '../support/activity-proxies';
import type { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';
import { runScopedName } from '../support/run-names';

type Proxies = ReturnType<typeof activityProxies>;
type Retention = NonNullable<CopySnapshotParsedInput['retention']>;

/** The tags that put a snapshot in a retention series (none without retention). */
export function seriesTags(retention: Retention | undefined): Record<string, string> {
  return retention ? { [SERIES_TAG_KEY]: retention.series } : {};
}

/**
 * The runbook's first step for an instance source: a new manual snapshot named
 * `<instance>-<YYYY-MM-DD-HHmmss>`, waited for, and deleted again if the run fails later. Returns
 * the manual source the copies are made from.
 */
export async function snapshotInstance(
  { calls, shortWaits, longWaits, awaitOperations }: Proxies,
  progress: Progress,
  saga: Compensations,
  input: {
    region: string;
    instanceName: string;
    tags: Record<string, string>;
    startedAt: Date;
    /** The run owns its names (workflows/support/run-names.ts): the name carries the run. */
    owned: boolean;
    vanishAfterMs: number;
  },
): Promise<CopyableSource> {
  // To the second, and with the run's suffix: no two runs ask for the same name.
  const stamp = input.startedAt.toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
  const snapshotName = input.owned
    ? runScopedName(input.instanceName, stamp)
    : `${input.instanceName.slice(0, 255 - stamp.length - 1)}-${stamp}`;
  const { region } = input;
  await progress.run('snapshot', async () => {
    const created = await calls.createInstanceSnapshot({
      region,
      instanceName: input.instanceName,
      snapshotName,
      tags: input.tags,
    });
    saga.add({
      description: `delete InstanceSnapshot ${snapshotName} in ${region}`,
      region,
      type: 'InstanceSnapshot',
      name: snapshotName,
      undo: () =>
        shortWaits.deleteSnapshot({
          region,
          snapshotName,
          kind: 'InstanceSnapshot',
          ...(input.owned ? { onlyIfOwn: true } : {}),
        }),
    });
    progress.touched({
      region,
      type: 'InstanceSnapshot',
      name: snapshotName,
      action: created.adopted ? 'adopted' : 'created',
    });
    if (created.operations.length > 0) await awaitOperations(created.operations);
    await longWaits.awaitSnapshotReady({
      region,
      snapshotName,
      kind: 'InstanceSnapshot',
      ...(input.owned ? { vanishAfterMs: input.vanishAfterMs } : {}),
    });
  });
  return { type: 'manual', snapshotName };
}

/** Prunes a series in one region, once everything else succeeded: what it deletes stays deleted. */
export async function applyRetention(
  { shortWaits }: Proxies,
  progress: Progress,
  step: string,
  input: { region: string; kind: SnapshotKind; retention: Retention },
): Promise<{ region: string; deleted: string[] }> {
  const { region, kind, retention } = input;
  const { deleted } = await progress.run(step, () =>
    shortWaits.applyRetention({ region, kind, series: retention.series, keep: retention.keep }),
  );
  for (const name of deleted) progress.touched({ region, type: kind, name, action: 'deleted' });
  progress.detail(step, deleted.length ? `deleted ${deleted.join(', ')}` : 'nothing to delete');
  return { region, deleted };
}

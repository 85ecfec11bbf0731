import { snapshotActivities, type SnapshotSource } from '../../activities/snapshots';
import { readInstance } from '../lightsail/instances';
import { beyondKeep, listSeries } from '../lightsail/series';
import { findSnapshot } from '../lightsail/snapshots';
import type { CopySnapshotParsedInput, SnapshotKind } from '../schemas/copy-snapshot';
import { checkFromError, failed, passed, readCheck, unchecked } from './checks';
import type { PlanDeps } from './deps';
import { nameFreeOfRuns } from './name-lock-checks';
import type { PlanCheck, PlanFindings, PlannedRetention } from './plan';
import { copySnapshotSteps, retentionRegions } from './steps/copy-snapshot';

/** Lightsail lets an instance be snapshotted while it runs or while it is stopped. */
const SNAPSHOTTABLE_STATES = new Set(['running', 'stopped']);

const kindText = (kind: SnapshotKind) =>
  kind === 'InstanceSnapshot' ? 'instance snapshot' : 'disk snapshot';

/**
 * What a copySnapshotAcrossRegions run would meet: its source, its target names (in Lightsail
 * and under other runs' name locks), the restored instance's name, and what retention would
 * delete. Reads only.
 */
export async function planCopySnapshot(
  deps: PlanDeps,
  input: CopySnapshotParsedInput,
): Promise<PlanFindings> {
  const checks: PlanCheck[] = [];
  const { kind, check } = await checkSource(deps, input);
  checks.push(check);
  if (input.restore && kind === 'DiskSnapshot') {
    checks.push(
      failed(
        'restore',
        'only an instance snapshot can be restored to an instance; the source is a disk snapshot',
        'restore',
      ),
    );
  }
  checks.push(...(await checkTargetNames(deps, input)));
  const retention: PlannedRetention[] = [];
  if (input.retention) {
    const planned = await planRetention(deps, input, kind);
    checks.push(...planned.checks);
    retention.push(...planned.retention);
  }
  return {
    checks,
    facts: kind ? { 'source kind': kind } : {},
    ...(input.retention ? { retention } : {}),
    steps: copySnapshotSteps(input),
  };
}

async function checkSource(
  deps: PlanDeps,
  input: CopySnapshotParsedInput,
): Promise<{ kind?: SnapshotKind; check: PlanCheck }> {
  const { source, sourceRegion: region } = input;
  if (source.type === 'instance') {
    const field = 'source.instanceName';
    const { check, value } = await readCheck(
      'source',
      field,
      () => readInstance(deps.clients, region, source.instanceName),
      (instance) => `instance ${source.instanceName} is ${instance?.state?.name ?? 'unknown'} in ${region}`,
    );
    if (check.status !== 'passed') return { check };
    if (!value) {
      return {
        check: failed(
          'source',
          `Source instance "${source.instanceName}" was not found in ${region}.`,
          field,
        ),
      };
    }
    const state = value.state?.name ?? 'unknown';
    if (!SNAPSHOTTABLE_STATES.has(state)) {
      return {
        check: failed(
          'source',
          `instance ${source.instanceName} in ${region} is ${state}; a snapshot needs it running or stopped`,
          field,
        ),
      };
    }
    return { kind: 'InstanceSnapshot', check };
  }
  const field = source.type === 'manual' ? 'source.snapshotName' : 'source.resourceName';
  const { check, value } = await readCheck(
    'source',
    field,
    () => snapshotActivities({ clients: deps.clients }).inspectSnapshotSource({ region, source }),
    (found: SnapshotSource) =>
      found.restoreDate
        ? `the automatic snapshot of ${found.name} dated ${found.restoreDate} (${kindText(found.kind)}) is ready in ${region}`
        : `${kindText(found.kind)} ${found.name} is available in ${region}`,
  );
  return { kind: value?.kind, check };
}

async function checkTargetNames(deps: PlanDeps, input: CopySnapshotParsedInput): Promise<PlanCheck[]> {
  const checks: PlanCheck[] = [];
  const name = input.targetSnapshotName;
  if (!name) {
    const base =
      input.source.type === 'instance'
        ? `${input.source.instanceName}-<start time>-<run>`
        : input.source.type === 'automatic'
          ? `${input.source.resourceName}-auto-<snapshot date>-<run>`
          : `${input.source.snapshotName}-copy-<start time>-<run>`;
    checks.push(passed('target name', `derived from the run (${base}): no other snapshot or run has it`));
  }
  for (const region of input.targetRegions) {
    if (name) {
      const field = 'targetSnapshotName';
      try {
        const existing = await findSnapshot(deps.clients, region, name);
        checks.push(
          existing
            ? failed(
                `target name in ${region}`,
                `the name "${name}" is already taken in ${region} by ${existing.kind === 'InstanceSnapshot' ? 'an' : 'a'} ${kindText(existing.kind)}${existing.fromName ? ` of ${existing.fromName}` : ''}`,
                field,
              )
            : passed(`target name in ${region}`, `no snapshot is named "${name}" in ${region}`, field),
        );
      } catch (err) {
        checks.push(checkFromError(`target name in ${region}`, field, err));
      }
      checks.push(
        await nameFreeOfRuns(
          deps,
          { region, kind: 'Snapshot', name },
          `target name lock in ${region}`,
          field,
        ),
      );
    }
    if (input.restore) checks.push(await checkRestoreName(deps, region, input.restore.instanceName));
  }
  return checks;
}

async function checkRestoreName(deps: PlanDeps, region: string, instanceName: string): Promise<PlanCheck> {
  const field = 'restore.instanceName';
  const { check, value } = await readCheck(
    `restored instance name in ${region}`,
    field,
    () => readInstance(deps.clients, region, instanceName),
    () => `no instance is named "${instanceName}" in ${region}`,
  );
  if (check.status === 'passed' && value) {
    return failed(check.name, `an instance named "${instanceName}" exists in ${region} already`, field);
  }
  return check;
}

/** Retention's rule (applyRetention), read now: the run's own new snapshot is the series' newest by then. */
async function planRetention(
  deps: PlanDeps,
  input: CopySnapshotParsedInput,
  kind: SnapshotKind | undefined,
): Promise<{ checks: PlanCheck[]; retention: PlannedRetention[] }> {
  const { series, keep } = input.retention!;
  const checks: PlanCheck[] = [];
  const retention: PlannedRetention[] = [];
  for (const region of retentionRegions(input)) {
    const name = `retention in ${region}`;
    // A missing source fails its own check; a pending one is not known yet, and the run waits.
    if (!kind) {
      checks.push(
        unchecked(
          name,
          'could not be checked: the series is of the kind of the source snapshot, which is not known yet',
          'retention',
        ),
      );
      continue;
    }
    try {
      const existing = await listSeries(deps.clients, region, kind, series);
      const wouldDelete = beyondKeep(existing, keep - 1).map((s) => s.name);
      retention.push({ region, kind, series, keep, wouldDelete });
      checks.push(
        passed(
          name,
          wouldDelete.length
            ? `would delete ${wouldDelete.join(', ')} (keeps this run's snapshot and the newest ${keep - 1} of ${existing.length} in series ${series})`
            : `would delete nothing (${existing.length} in series ${series}, keep ${keep})`,
          'retention',
        ),
      );
    } catch (err) {
      checks.push(checkFromError(name, 'retention', err));
    }
  }
  return { checks, retention };
}

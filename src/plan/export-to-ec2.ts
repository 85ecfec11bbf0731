import { exportActivities } from '../../activities/exports';
import { snapshotActivities } from '../../activities/snapshots';
import type { SnapshotKind } from '../schemas/copy-snapshot';
import { ec2Mismatch, type ExportToEc2ParsedInput } from '../schemas/export-to-ec2';
import { failed, readCheck } from './checks';
import type { PlanDeps } from './deps';
import type { PlanCheck, PlanFindings } from './plan';
import { exportStepsAfterCheck, exportStepsBeforeCheck } from './steps/export-to-ec2';

/**
 * What an exportToEc2 run's first step would find: the source exists in the region and can be
 * exported (checkExportable's rules), and the ec2 settings fit the kind of snapshot. The names the
 * run makes derive from the run, so there are none to check. Reads only.
 */
export async function planExportToEc2(deps: PlanDeps, input: ExportToEc2ParsedInput): Promise<PlanFindings> {
  const { kind, check } = await checkSource(deps, input);
  const checks: PlanCheck[] = [check];
  const mismatch = kind && ec2Mismatch(input, kind);
  if (mismatch) checks.push(failed('ec2', mismatch.replace(/^ec2: /, ''), 'ec2'));
  return {
    checks,
    facts: kind ? { 'snapshot kind': kind } : {},
    steps: [...exportStepsBeforeCheck(input), ...(kind ? exportStepsAfterCheck(input, kind) : [])],
  };
}

async function checkSource(
  deps: PlanDeps,
  input: ExportToEc2ParsedInput,
): Promise<{ kind?: SnapshotKind; check: PlanCheck }> {
  const { region, source } = input;
  const exports = exportActivities({ clients: deps.clients });
  switch (source.type) {
    case 'instance': {
      const { check } = await readCheck(
        'source',
        'source.instanceName',
        () => exports.checkExportable({ region, instanceName: source.instanceName }),
        () => `instance ${source.instanceName} is in ${region} and its blueprint can be exported`,
      );
      return { kind: check.status === 'passed' ? 'InstanceSnapshot' : undefined, check };
    }
    case 'automatic': {
      const { check, value } = await readCheck(
        'source',
        'source.resourceName',
        async () => {
          const auto = await snapshotActivities({ clients: deps.clients }).inspectSnapshotSource({
            region,
            source,
          });
          if (auto.kind === 'InstanceSnapshot') {
            await exports.checkExportable({ region, instanceName: source.resourceName });
          }
          return auto;
        },
        (auto) =>
          `the automatic snapshot of ${source.resourceName} dated ${auto.restoreDate} is ready in ${region} and can be exported`,
      );
      return { kind: value?.kind, check };
    }
    default: {
      const kind: SnapshotKind = source.type === 'instanceSnapshot' ? 'InstanceSnapshot' : 'DiskSnapshot';
      const { check } = await readCheck(
        'source',
        'source.snapshotName',
        () => exports.checkExportable({ region, snapshot: { name: source.snapshotName, kind } }),
        () => `snapshot ${source.snapshotName} is in ${region} and can be exported`,
      );
      return { kind: check.status === 'passed' ? kind : undefined, check };
    }
  }
}

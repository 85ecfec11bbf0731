import { ApplicationFailure } from '@temporalio/workflow';
import {
  ec2Mismatch,
  EXPORT_TO_EC2_WORKFLOW,
  ExportToEc2Input,
  type ExportToEc2ParsedInput,
  type ExportToEc2Result,
} from '../src/schemas/export-to-ec2';
import { exportStepsAfterCheck, exportStepsBeforeCheck } from '../src/plan/steps/export-to-ec2';
import { lockNameInTurn, releaseAtRunEnd, type NameLock } from './locks/name-locks';
import { activityProxies } from './support/activity-proxies';
import { Compensations } from './support/compensations';
import { runFailure } from './support/failures';
import { Progress } from './support/progress';
import { runOwnsNames, runScopedName } from './support/run-names';
import { INVALID_INPUT, validateInput } from './support/validate-input';

type Kind = 'InstanceSnapshot' | 'DiskSnapshot';

/**
 * Exports a Lightsail instance, instance snapshot, disk snapshot or automatic snapshot to EC2:
 * checks it can be exported before anything changes, takes (or copies to) a manual snapshot if
 * needed, exports it, and for an instance snapshot creates the CloudFormation stack that makes
 * the EC2 instance. Each wait of hours is one activity retried on the poll schedule, so the
 * history does not grow with the wait.
 */
export async function exportToEc2(rawInput: ExportToEc2Input): Promise<ExportToEc2Result> {
  const input = validateInput(EXPORT_TO_EC2_WORKFLOW, ExportToEc2Input, rawInput);
  const progress = new Progress(EXPORT_TO_EC2_WORKFLOW);
  const proxies = activityProxies(input.poll);
  const { calls, shortWaits, longWaits, awaitOperations, exportWaits } = proxies;
  const saga = new Compensations();
  const { region, source } = input;
  const stamp = new Date().toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
  // Runs from before run-owned names replay as they ran: no run suffix, no export lock.
  const owned = runOwnsNames();
  const vanish = owned ? { vanishAfterMs: proxies.vanishAfterMs } : {};
  let exportLock: NameLock | undefined;

  for (const step of exportStepsBeforeCheck(input)) progress.plan(step.id, step.title);

  try {
    // 1. Check, before anything changes.
    const checked = await progress.run('check', async () => {
      if (source.type === 'instance') {
        await longWaits.checkExportable({ region, instanceName: source.instanceName });
        return { kind: 'InstanceSnapshot' as Kind };
      }
      if (source.type === 'automatic') {
        const auto = await longWaits.inspectSnapshotSource({ region, source });
        if (auto.kind === 'InstanceSnapshot') {
          await longWaits.checkExportable({ region, instanceName: source.resourceName });
        }
        return { kind: auto.kind, restoreDate: auto.restoreDate, fromName: auto.fromName };
      }
      const kind: Kind = source.type === 'instanceSnapshot' ? 'InstanceSnapshot' : 'DiskSnapshot';
      await longWaits.checkExportable({ region, snapshot: { name: source.snapshotName, kind } });
      return { kind };
    });
    assertEc2Matches(input, checked.kind);
    for (const step of exportStepsAfterCheck(input, checked.kind)) progress.plan(step.id, step.title);
    const intermediate = source.type === 'instance' || source.type === 'automatic';

    // 2. The manual snapshot to export: the user's, or one this run makes.
    let snapshotName: string;
    if (source.type === 'instance') {
      snapshotName = owned
        ? runScopedName(`${source.instanceName}-export`, stamp)
        : `${source.instanceName.slice(0, 230)}-export-${stamp}`;
      await progress.run('snapshot', async () => {
        const made = await calls.createInstanceSnapshot({
          region,
          instanceName: source.instanceName,
          snapshotName,
          tags: {},
        });
        registerSnapshot(made.adopted, snapshotName, 'InstanceSnapshot');
        if (made.operations.length > 0) await awaitOperations(made.operations);
        await longWaits.awaitSnapshotReady({ region, snapshotName, kind: 'InstanceSnapshot', ...vanish });
      });
    } else if (source.type === 'automatic') {
      snapshotName = owned
        ? runScopedName(`${source.resourceName}-auto-${checked.restoreDate}-export`, stamp)
        : `${source.resourceName.slice(0, 200)}-auto-${checked.restoreDate}-export-${stamp}`;
      await progress.run('copy-to-manual', async () => {
        // A name derived from the run is free by construction; CopySnapshot refuses a taken one.
        if (!owned) await calls.checkTargetNameFree({ region, snapshotName });
        const copy = await calls.copySnapshot({
          sourceRegion: region,
          targetRegion: region,
          source,
          sourceInfo: {
            kind: checked.kind,
            name: source.resourceName,
            fromName: checked.fromName,
            restoreDate: checked.restoreDate,
          },
          targetSnapshotName: snapshotName,
          ...(owned ? { nameIsRuns: true } : {}),
        });
        registerSnapshot(copy.adopted, snapshotName, checked.kind);
        // CopySnapshot cannot tag: the run marks the copy as its own at once (runs from before, at the end).
        if (owned) await shortWaits.tagResource({ region, resourceName: snapshotName, tags: {}, ...vanish });
        if (copy.operations.length > 0) await awaitOperations(copy.operations);
        await longWaits.awaitSnapshotReady({ region, snapshotName, kind: checked.kind, ...vanish });
        if (!owned) await shortWaits.tagResource({ region, resourceName: snapshotName, tags: {} });
      });
    } else {
      snapshotName = source.snapshotName;
    }

    // 3. The export: a wait of hours, one activity retried on the poll schedule.
    const record = await progress.run('export', async () => {
      // Export records cannot be tagged. Two runs exporting one snapshot take turns until each
      // knows its own record: the records listed before this run's export are not its own.
      let recordsBefore: string[] | undefined;
      if (owned) {
        exportLock = await lockNameInTurn(
          proxies,
          { region, kind: 'SnapshotExport', name: snapshotName },
          (holder) =>
            progress.detail('export', `waiting for run ${holder}, which is exporting ${snapshotName}`),
        );
        recordsBefore = await calls.listExportRecordNames({ region, snapshotName });
      }
      const started = await calls.exportSnapshot({ region, snapshotName, recordsBefore });
      await exportLock?.release();
      progress.detail('export', started.recordName ?? 'record requested');
      // The operation carries Lightsail's reason if the export fails.
      if (started.operations.length > 0) await awaitOperations(started.operations);
      return exportWaits.awaitExportRecord({
        region,
        snapshotName,
        recordName: started.recordName,
        ...vanish,
      });
    });
    progress.fact(checked.kind === 'InstanceSnapshot' ? 'AMI' : 'EBS snapshot', record.destinationId);

    // 4. The stack (instance snapshots only): records checked first, so it is made once.
    let stack: { stackArn: string; ec2InstanceId?: string } | undefined;
    if (checked.kind === 'InstanceSnapshot') {
      const ec2 = input.ec2!;
      stack = await progress.run('stack', async () => {
        const made = await calls.createStack({
          region,
          exportRecordName: record.name,
          instanceType: ec2.instanceType,
          availabilityZone: `${region}${ec2.availabilityZoneLetter}`,
          portInfoSource: ec2.portInfoSource,
          userData: ec2.userData,
        });
        progress.detail('stack', `${made.adopted ? 'adopted ' : ''}${made.recordName}`);
        return exportWaits.awaitStack({ region, recordName: made.recordName, ...vanish });
      });
      if (stack.ec2InstanceId) progress.fact('EC2 instance', stack.ec2InstanceId);
    }

    // 5. Optional clean-up of the snapshot this run made.
    let deleted = false;
    if (intermediate && input.deleteIntermediateSnapshot) {
      const outcome = await progress.run('cleanup', () =>
        shortWaits.deleteSnapshot({
          region,
          snapshotName,
          kind: checked.kind,
          ...(owned ? { onlyIfOwn: true } : {}),
        }),
      );
      const kept = outcome?.kept;
      progress.touched({
        region,
        type: checked.kind,
        name: snapshotName,
        action: kept ? 'kept' : 'deleted',
        ...(kept ? { note: kept } : {}),
      });
      deleted = !kept;
    }

    progress.setStatus('succeeded');
    return {
      region,
      snapshot: { name: snapshotName, kind: checked.kind, madeByRun: intermediate, deleted },
      exportRecord: { name: record.name, arn: record.arn },
      ...(checked.kind === 'InstanceSnapshot'
        ? { amiId: record.destinationId }
        : { ebsSnapshotId: record.destinationId }),
      ...(stack ? { stackArn: stack.stackArn, ec2InstanceId: stack.ec2InstanceId } : {}),
      steps: progress.timings(),
    };
  } catch (err) {
    progress.setStatus('compensating');
    await saga.run(progress);
    progress.setStatus('failed');
    throw runFailure(err);
  } finally {
    await releaseAtRunEnd([exportLock]);
  }

  /** A snapshot this run made is deleted again if the run fails before the export is used. */
  function registerSnapshot(adopted: boolean, name: string, kind: Kind): void {
    saga.add({
      description: `delete ${kind} ${name} in ${region}`,
      region,
      type: kind,
      name,
      undo: () =>
        shortWaits.deleteSnapshot({
          region,
          snapshotName: name,
          kind,
          ...(owned ? { onlyIfOwn: true } : {}),
        }),
    });
    progress.touched({ region, type: kind, name, action: adopted ? 'adopted' : 'created' });
  }
}

/** Refuses ec2 settings that do not fit the kind of snapshot the check found. */
function assertEc2Matches(input: ExportToEc2ParsedInput, kind: Kind): void {
  const mismatch = ec2Mismatch(input, kind);
  if (mismatch) throw ApplicationFailure.nonRetryable(mismatch, INVALID_INPUT);
}

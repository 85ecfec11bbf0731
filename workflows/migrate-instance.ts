import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { InstanceIdentity } from '../activities/instance-moves';
import { migrateSteps } from '../src/plan/steps/migrate-instance';
import {
  durationMs,
  MIGRATE_INSTANCE_WORKFLOW,
  MigrateInstanceInput,
  type MigrateInstanceResult,
} from '../src/schemas/migrate-instance';
import { carryOverDisks, carryOverSettings, type NewInstance } from './instances/carry-over';
import { cutOver, type CutOverOutcome } from './instances/cut-over';
import {
  copySnapshotsToRegion,
  restoreInstanceFromSnapshot,
  snapshotInstanceAndDisks,
} from './instances/restore';
import { verifyInstance } from './instances/verify';
import { lockNameOrFail, releaseAtRunEnd, type NameLock } from './locks/name-locks';
import { MIGRATION_REJECTED, MIGRATION_ROLLED_BACK, MigrationGates } from './migrate/migration-gates';
import { activityProxies } from './support/activity-proxies';
import { Compensations } from './support/compensations';
import { runFailure } from './support/failures';
import { Progress } from './support/progress';
import { runScopedName, runSuffix } from './support/run-names';
import { validateInput } from './support/validate-input';

export const MIGRATION_REFUSED = 'MigrationRefused';
export const VERIFICATION_FAILED = 'VerificationFailed';

/**
 * The patch that names the static IP a move allocates in another region after the run when the
 * user chose the new instance's name: `<name>-ip` alone could be the user's own static IP, which
 * the allocation (static IPs take no tags, the name is the proof) would adopt and move.
 */
export const MIGRATION_STATIC_IP_OF_RUN = 'migration-static-ip-of-run';

/**
 * Moves an instance to a new bundle, zone or region: snapshot (disks too), copy, create, carry
 * over its settings and disks, verify, cut over its static IP, DNS entries and load balancers,
 * stop the old one, keep it for `keepOldFor`, then delete it and the run's snapshots. A failure,
 * a rollback or a cancel before the old one is deleted puts everything back.
 */
export async function migrateInstance(rawInput: MigrateInstanceInput): Promise<MigrateInstanceResult> {
  const input = validateInput(MIGRATE_INSTANCE_WORKFLOW, MigrateInstanceInput, rawInput);
  const progress = new Progress(MIGRATE_INSTANCE_WORKFLOW);
  const gates = new MigrationGates(progress);
  const proxies = activityProxies(input.poll);
  const { calls, shortWaits, vanishAfterMs } = proxies;
  const saga = new Compensations();
  const locks: NameLock[] = [];
  const targetRegion = input.target.region ?? input.region;
  const newName = input.newInstanceName ?? runScopedName(input.instanceName, 'migrated');
  // What the run makes is named after what it comes from and the run: no other run asks for it.
  const snapshotNameFor = (resource: string) => `${resource.slice(0, 200)}-migrate-${runSuffix()}`;
  const diskNameFor = (disk: string) => `${disk.slice(0, 200)}-migrated-${runSuffix()}`;
  const tags = input.tags;

  for (const step of migrateSteps(input, newName)) progress.plan(step.id, step.title);
  progress.fact('new instance', `${newName} in ${targetRegion}`);

  const throwIfRollback = () => {
    const rb = gates.rollbackRequested;
    if (rb) {
      throw ApplicationFailure.nonRetryable(
        `Rolled back${rb.by ? ` by ${rb.by}` : ''}: ${rb.reason}. Everything is back on ${input.instanceName}.`,
        MIGRATION_ROLLED_BACK,
      );
    }
  };

  try {
    // The instance moved is held for the run: a second migration of it fails at once, naming
    // this run. A new name the user chose is held too; a default one derives from the run.
    locks.push(
      await lockNameOrFail(
        proxies,
        { region: input.region, kind: 'Instance', name: input.instanceName },
        'instanceName',
      ),
    );
    if (input.newInstanceName) {
      locks.push(
        await lockNameOrFail(
          proxies,
          { region: targetRegion, kind: 'Instance', name: newName },
          'newInstanceName',
        ),
      );
    }

    const { profile: old, target } = await progress.run('check', async () => {
      const found = await calls.inspectMigration({
        region: input.region,
        instanceName: input.instanceName,
        target: input.target,
        newInstanceName: newName,
        carryStaticIp: input.carryOver.staticIp,
      });
      if (found.problems.length > 0) {
        throw ApplicationFailure.nonRetryable(
          `The migration cannot start:\n${found.problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}`,
          MIGRATION_REFUSED,
          { problems: found.problems },
        );
      }
      progress.detail(
        'check',
        `${found.profile.bundleId} → ${found.target.bundleId}, ${found.profile.availabilityZone} → ${found.target.availabilityZone}`,
      );
      return found;
    });
    const oldIdentity: InstanceIdentity = { region: old.region, name: old.name, createdAt: old.createdAt };
    const to: NewInstance = {
      region: targetRegion,
      name: newName,
      availabilityZone: target.availabilityZone,
    };
    const carryDisks = input.carryOver.disks ? old.disks : [];

    const snapshots = await progress.run('snapshot', () =>
      snapshotInstanceAndDisks(proxies, progress, saga, {
        region: input.region,
        instanceName: input.instanceName,
        disks: carryDisks,
        nameFor: snapshotNameFor,
        tags,
      }),
    );
    throwIfRollback();
    if (targetRegion !== input.region) {
      await progress.run('copy', () =>
        copySnapshotsToRegion(proxies, progress, saga, {
          fromRegion: input.region,
          toRegion: targetRegion,
          snapshots,
          vanishAfterMs,
        }),
      );
      throwIfRollback();
    }

    const created = await progress.run('create', () =>
      restoreInstanceFromSnapshot(proxies, progress, saga, {
        region: targetRegion,
        instanceName: newName,
        snapshotName: snapshots.instanceSnapshot,
        bundleId: target.bundleId,
        availabilityZone: target.availabilityZone,
        ...(input.target.ipAddressType ? { ipAddressType: input.target.ipAddressType } : {}),
        tags,
        nameField: 'newInstanceName',
        vanishAfterMs,
      }),
    );
    throwIfRollback();

    if (
      input.carryOver.firewall ||
      input.carryOver.tags ||
      input.carryOver.autoSnapshot ||
      input.carryOver.metadataOptions
    ) {
      await progress.run('carry-over', async () => {
        const carried = await carryOverSettings(proxies, old, to, input.carryOver);
        progress.detail('carry-over', carried.length ? carried.join(', ') : 'nothing to carry');
      });
    }
    const disks = input.carryOver.disks
      ? await progress.run('disks', async () => {
          const moved = await carryOverDisks(proxies, progress, saga, {
            to,
            snapshots: snapshots.disks,
            nameFor: diskNameFor,
            tags,
          });
          progress.detail(
            'disks',
            moved.length
              ? moved.map((d) => `${d.from} → ${d.to} at ${d.path}`).join(', ')
              : 'no attached disks',
          );
          return moved;
        })
      : [];
    throwIfRollback();

    await progress.run('verify', async () => {
      const outcome = await verifyInstance(proxies, to, input.verification);
      if (outcome.failure) {
        throw ApplicationFailure.nonRetryable(
          `Verification of ${newName} failed: ${outcome.failure}. Nothing moved: ${input.instanceName} still serves.`,
          VERIFICATION_FAILED,
        );
      }
      progress.detail('verify', `${outcome.passed} check(s) passed at ${outcome.address}`);
    });
    throwIfRollback();

    if (input.cutOver.mode === 'approve') {
      await progress.run('approval', async () => {
        progress.fact('approval', 'waiting');
        const answer = await gates.awaitApproval(input.cutOver.approvalTimeoutMinutes);
        progress.fact('approval', answer);
        if (answer === 'rejected') {
          const r = gates.rejectedBecause!;
          throw ApplicationFailure.nonRetryable(
            `Rejected${r.by ? ` by ${r.by}` : ''}: ${r.reason}. Nothing moved: ${input.instanceName} still serves.`,
            MIGRATION_REJECTED,
          );
        }
        if (answer === 'timed-out') {
          throw ApplicationFailure.nonRetryable(
            `No approval within ${input.cutOver.approvalTimeoutMinutes} minutes: the migration is put back.`,
            'ApprovalTimedOut',
          );
        }
      });
    }
    throwIfRollback();

    let moved: CutOverOutcome = { dnsEntries: [], loadBalancers: [] };
    if (input.carryOver.staticIp || input.carryOver.dns || input.carryOver.loadBalancers) {
      moved = await progress.run('cut-over', () =>
        cutOver(proxies, progress, saga, {
          old,
          to,
          carry: input.carryOver,
          newStaticIpName:
            input.newInstanceName && patched(MIGRATION_STATIC_IP_OF_RUN)
              ? runScopedName(newName, 'ip')
              : // A default new name already carries the run's suffix.
                `${newName.slice(0, 200)}-ip`,
        }),
      );
    }
    throwIfRollback();

    await progress.run('stop-old', async () => {
      saga.add({
        description: `start ${old.name} again`,
        region: old.region,
        type: 'Instance',
        name: old.name,
        undoneAs: 'started',
        // Started again only if it was running when the run found it.
        undo: async () => {
          if (old.state === 'running') await shortWaits.startInstance(oldIdentity);
        },
      });
      await shortWaits.stopInstance(oldIdentity);
      progress.touched({ region: old.region, type: 'Instance', name: old.name, action: 'stopped' });
    });

    const keepMs = durationMs(input.keepOldFor);
    const deleteAt = new Date(Date.now() + keepMs).toISOString();
    progress.fact('old instance deleted at', deleteAt);
    const kept = await progress.run('keep', async () => {
      const ended = await gates.keep(keepMs);
      progress.detail('keep', ended === 'elapsed' ? `kept ${input.keepOldFor}` : ended);
      return ended;
    });
    if (kept === 'rollback') throwIfRollback();

    await progress.run('retire', async () => {
      await shortWaits.deleteMigratedInstance(oldIdentity);
      progress.touched({ region: old.region, type: 'Instance', name: old.name, action: 'deleted' });
      const intermediate = [
        { region: input.region, name: snapshots.instanceSnapshot, kind: 'InstanceSnapshot' as const },
        ...snapshots.disks.map((d) => ({
          region: input.region,
          name: d.snapshotName,
          kind: 'DiskSnapshot' as const,
        })),
      ];
      if (targetRegion !== input.region)
        intermediate.push(...intermediate.map((s) => ({ ...s, region: targetRegion })));
      for (const s of intermediate) {
        const { kept: why } = await shortWaits.deleteSnapshot({
          region: s.region,
          snapshotName: s.name,
          kind: s.kind,
          onlyIfOwn: true,
        });
        progress.touched({
          region: s.region,
          type: s.kind,
          name: s.name,
          action: why ? 'kept' : 'deleted',
          ...(why ? { note: why } : {}),
        });
      }
    });
    gates.end();
    progress.setStatus('succeeded');
    return {
      old: { region: old.region, name: old.name, deletedAt: new Date().toISOString() },
      new: {
        region: targetRegion,
        name: newName,
        arn: created.arn,
        bundleId: target.bundleId,
        availabilityZone: target.availabilityZone,
        ...(moved.staticIp ? { address: moved.staticIp.address } : {}),
      },
      ...(moved.staticIp ? { staticIp: moved.staticIp } : {}),
      dnsEntries: moved.dnsEntries,
      loadBalancers: moved.loadBalancers,
      disks,
      steps: progress.timings(),
    };
  } catch (err) {
    gates.end();
    progress.setStatus('compensating');
    await saga.run(progress);
    progress.setStatus('failed');
    throw runFailure(err);
  } finally {
    await releaseAtRunEnd(locks);
  }
}

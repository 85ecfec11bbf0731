import { ApplicationFailure } from '@temporalio/workflow';
import { restoreNames, restoreSteps } from '../src/plan/steps/restore-database';
import {
  RESTORE_DATABASE_WORKFLOW,
  RestoreDatabaseInput,
  type RestoreDatabaseResult,
} from '../src/schemas/restore-database';
import { moveAside, settleOld } from './databases/replace';
import { restoreDatabaseFrom } from './databases/restore';
import { lockNameOrFail, releaseAtRunEnd, type NameLock } from './locks/name-locks';
import { VERIFICATION_FAILED } from './migrate-instance';
import { activityProxies } from './support/activity-proxies';
import { Compensations } from './support/compensations';
import { Progress } from './support/progress';
import { runScopedName } from './support/run-names';
import { validateInput } from './support/validate-input';

export const DATABASE_RESTORE_REFUSED = 'DatabaseRestoreRefused';

/**
 * Restores a relational database from its newest snapshot, a named snapshot or a point in time to
 * a new database, waits until it is available, verifies its endpoint accepts TCP connections, and
 * optionally replaces another database under its name (refresh staging from production). A
 * failure deletes what the run made and puts a replaced database back.
 *
 * The master password never passes through the run: the restore keeps the source's, or an
 * activity reads a new one from the worker's environment (see MasterPassword in the schema).
 */
export async function restoreDatabase(rawInput: RestoreDatabaseInput): Promise<RestoreDatabaseResult> {
  const input = validateInput(RESTORE_DATABASE_WORKFLOW, RestoreDatabaseInput, rawInput);
  const progress = new Progress(RESTORE_DATABASE_WORKFLOW);
  const proxies = activityProxies(input.poll);
  const { calls, shortWaits, vanishAfterMs } = proxies;
  const saga = new Compensations();
  const locks: NameLock[] = [];
  const { region, replace } = input;
  const names = restoreNames(input, runScopedName);
  const nameField = replace ? 'replace.databaseName' : 'targetName';

  for (const step of restoreSteps(input, names)) progress.plan(step.id, step.title);
  progress.fact('new database', `${names.target} in ${region}`);

  try {
    // A name the user chose is held for the run: a second restore to it fails at once, naming
    // this run, before it makes or deletes anything. A default name derives from the run.
    if (input.targetName || replace) {
      locks.push(
        await lockNameOrFail(proxies, { region, kind: 'RelationalDatabase', name: names.target }, nameField),
      );
    }

    const found = await progress.run('check', async () => {
      const plan = await calls.inspectDatabaseRestore({
        region,
        source: input.source,
        ...(input.bundleId ? { bundleId: input.bundleId } : {}),
        ...(input.targetName ? { targetName: input.targetName } : {}),
        ...(replace
          ? {
              replace: {
                databaseName: replace.databaseName,
                ...(replace.createdAt ? { createdAt: replace.createdAt } : {}),
              },
            }
          : {}),
      });
      if (plan.problems.length > 0 || !plan.point || !plan.sourceDatabase) {
        throw ApplicationFailure.nonRetryable(
          `The restore cannot start:\n${plan.problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}`,
          DATABASE_RESTORE_REFUSED,
          { problems: plan.problems },
        );
      }
      const point =
        plan.point.type === 'snapshot'
          ? `snapshot ${plan.point.snapshotName}`
          : `${plan.point.databaseName} at ${plan.point.restoreTime}`;
      progress.fact('restored from', point);
      progress.detail('check', `${point}, on ${plan.bundleId}`);
      return { ...plan, point: plan.point, sourceDatabase: plan.sourceDatabase };
    });
    const replaced = found.replaced;

    if (replace && replaced) {
      await progress.run('aside', () =>
        moveAside(proxies, progress, saga, {
          region,
          replaced,
          finalSnapshot: names.finalSnapshot!,
          tags: input.tags,
          vanishAfterMs,
        }),
      );
    }

    const db = await progress.run('restore', async () => {
      const restored = await restoreDatabaseFrom(proxies, progress, saga, {
        region,
        databaseName: names.target,
        point: found.point,
        sourceDatabase: found.sourceDatabase,
        ...(input.bundleId ? { bundleId: input.bundleId } : {}),
        ...((input.availabilityZone ?? replaced?.availabilityZone)
          ? { availabilityZone: input.availabilityZone ?? replaced?.availabilityZone }
          : {}),
        publiclyAccessible: input.publiclyAccessible,
        tags: input.tags,
        nameField,
        vanishAfterMs,
      });
      progress.detail(
        'restore',
        `${restored.engine} on ${restored.bundleId}, endpoint ${restored.endpoint.address}:${restored.endpoint.port}`,
      );
      return restored;
    });

    if (input.masterPassword) {
      const { fromEnv } = input.masterPassword;
      await progress.run('password', async () => {
        await shortWaits.setDatabasePasswordFromEnv({ region, databaseName: names.target, fromEnv });
        progress.detail('password', `set from the worker's ${fromEnv}`);
      });
    }

    const verified = await progress.run('verify', async () => {
      const reach = await calls.reachDatabase({ region, ...db.endpoint });
      const outcome = await proxies.httpChecks(input.verification).verifyTcpPort({
        host: reach.host,
        port: reach.port,
        address: reach.address,
        ...input.verification,
      });
      if (outcome.failure) {
        throw ApplicationFailure.nonRetryable(
          `Verification of ${names.target} failed: ${outcome.failure}.${replace ? ` ${replace.databaseName} is put back as it was.` : ''}`,
          VERIFICATION_FAILED,
        );
      }
      progress.detail(
        'verify',
        `${outcome.passed} connection(s) accepted at ${reach.address}:${db.endpoint.port}`,
      );
      return outcome;
    });

    if (replace && replaced) {
      await progress.run(replace.old === 'keep' ? 'keep-old' : 'delete-old', () =>
        settleOld(proxies, progress, saga, {
          region,
          replaced,
          finalSnapshot: names.finalSnapshot!,
          ...(names.aside ? { aside: names.aside } : {}),
          tags: input.tags,
          vanishAfterMs,
        }),
      );
    }

    progress.setStatus('succeeded');
    return {
      database: {
        region,
        name: names.target,
        arn: db.arn,
        bundleId: db.bundleId,
        engine: db.engine,
        endpoint: db.endpoint,
      },
      restoredFrom: found.point,
      password: input.masterPassword ? { fromEnv: input.masterPassword.fromEnv } : 'kept-from-source',
      verification: { passed: verified.passed },
      ...(replace && replaced
        ? {
            replaced: {
              name: replaced.name,
              createdAt: replaced.createdAt,
              old: replace.old === 'keep' ? ('kept' as const) : ('deleted' as const),
              ...(names.aside ? { keptAs: names.aside } : {}),
            },
          }
        : {}),
      steps: progress.timings(),
    };
  } catch (err) {
    throw await saga.fail(progress, err);
  } finally {
    await releaseAtRunEnd(locks);
  }
}

import { databaseRestoreProblems } from '../lightsail/database-restore-checks';
import type { RestoreDatabaseParsedInput } from '../schemas/restore-database';
import { checkFromError, failed, passed } from './checks';
import type { PlanDeps } from './deps';
import { nameFreeOfRuns } from './name-lock-checks';
import type { PlanCheck, PlanFindings } from './plan';
import { restoreNames, restoreSteps } from './steps/restore-database';

/**
 * What a restoreDatabase run's check step would find (the same databaseRestoreProblems), plus the
 * name lock it would take: one failed check per problem, each naming its field. Reads only.
 */
export async function planRestoreDatabase(
  deps: PlanDeps,
  input: RestoreDatabaseParsedInput,
): Promise<PlanFindings> {
  // A default name carries the run's suffix, which only a run has.
  const names = restoreNames(input, (base, stamp) => `${base}-${stamp}-<run>`);
  const checks: PlanCheck[] = [];
  const facts: Record<string, string> = { 'new database': `${names.target} in ${input.region}` };
  try {
    const found = await databaseRestoreProblems(deps.clients, {
      region: input.region,
      source: input.source,
      ...(input.bundleId ? { bundleId: input.bundleId } : {}),
      ...(input.targetName ? { targetName: input.targetName } : {}),
      ...(input.replace ? { replace: input.replace } : {}),
    });
    const point = found.point;
    if (point) {
      facts['restored from'] =
        point.type === 'snapshot'
          ? `snapshot ${point.snapshotName} of ${point.fromDatabase} (${point.snapshotCreatedAt})`
          : `${point.databaseName} at ${point.restoreTime}`;
    }
    if (found.bundleId) facts.bundle = found.bundleId;
    if (found.replaced) facts.replaces = `${found.replaced.name}, created ${found.replaced.createdAt}`;
    checks.push(
      ...(found.problems.length
        ? found.problems.map((p) => failed(p.field, p.message, p.field))
        : [passed('restore', `${facts['restored from']} can be restored as ${names.target}`)]),
    );
  } catch (err) {
    checks.push(checkFromError('source', 'source', err));
  }
  if (input.targetName || input.replace) {
    checks.push(
      await nameFreeOfRuns(
        deps,
        { region: input.region, kind: 'RelationalDatabase', name: names.target },
        'name lock',
        input.replace ? 'replace.databaseName' : 'targetName',
      ),
    );
  }
  return { checks, facts, steps: restoreSteps(input, names) };
}

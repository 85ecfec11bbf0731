import { instanceMoveActivities } from '../../activities/instance-moves';
import type { MigrateInstanceParsedInput } from '../schemas/migrate-instance';
import { checkFromError, failed, passed } from './checks';
import type { PlanDeps } from './deps';
import { nameFreeOfRuns } from './name-lock-checks';
import type { PlanCheck, PlanFindings } from './plan';
import { migrateSteps } from './steps/migrate-instance';

/**
 * What a migrateInstance run's check step would find (the same inspectMigration), plus the name
 * locks it would take: one failed check per problem, each naming its field. Reads only.
 */
export async function planMigrateInstance(
  deps: PlanDeps,
  input: MigrateInstanceParsedInput,
): Promise<PlanFindings> {
  const targetRegion = input.target.region ?? input.region;
  // A default name carries the run's suffix, which only a run has.
  const newName = input.newInstanceName ?? `${input.instanceName}-migrated-<run>`;
  const checks: PlanCheck[] = [];
  const facts: Record<string, string> = { 'new instance': `${newName} in ${targetRegion}` };
  try {
    const found = await instanceMoveActivities({ clients: deps.clients }).inspectMigration({
      region: input.region,
      instanceName: input.instanceName,
      target: input.target,
      ...(input.newInstanceName ? { newInstanceName: input.newInstanceName } : {}),
      carryStaticIp: input.carryOver.staticIp,
    });
    const { profile, target } = found;
    checks.push(
      ...(found.problems.length
        ? found.problems.map((p) => failed(p.field, p.message, p.field))
        : [
            passed(
              'move',
              `${profile.name} (${profile.state}) can move to ${target.bundleId} in ${target.availabilityZone}`,
            ),
          ]),
    );
    facts.from = `${profile.bundleId} in ${profile.availabilityZone}`;
    facts.to = `${target.bundleId} in ${target.availabilityZone}`;
    if (profile.staticIp) facts['static IP'] = `${profile.staticIp.name} (${profile.staticIp.ipAddress})`;
    if (profile.disks.length) facts.disks = profile.disks.map((d) => `${d.name} at ${d.path}`).join(', ');
    if (profile.loadBalancers.length) facts['load balancers'] = profile.loadBalancers.join(', ');
  } catch (err) {
    checks.push(checkFromError('instance', 'instanceName', err));
  }
  checks.push(
    await nameFreeOfRuns(
      deps,
      { region: input.region, kind: 'Instance', name: input.instanceName },
      'instance lock',
      'instanceName',
    ),
  );
  if (input.newInstanceName) {
    checks.push(
      await nameFreeOfRuns(
        deps,
        { region: targetRegion, kind: 'Instance', name: newName },
        'new name lock',
        'newInstanceName',
      ),
    );
  }
  return { checks, facts, steps: migrateSteps(input, newName) };
}

import { drActivities } from '../../activities/dr';
import type { DrDrillParsedInput } from '../schemas/dr-drill';
import type { FailoverParsedInput } from '../schemas/failover';
import { checkFromError, failed, passed } from './checks';
import type { PlanDeps } from './deps';
import { nameFreeOfRuns } from './name-lock-checks';
import type { PlanCheck, PlanFindings } from './plan';
import { drillSteps, failoverSteps } from './steps/dr';

type DrInput = Pick<FailoverParsedInput, 'primaryRegion' | 'drRegion' | 'instanceNames' | 'instanceTag'>;

/**
 * What a failover's or a drill's find steps would meet, per instance: the newest copy of its DR
 * series in the DR region, and whether the primary answers. Reads only.
 */
async function findSources(
  deps: PlanDeps,
  input: DrInput,
): Promise<{ names: string[]; checks: PlanCheck[]; facts: Record<string, string> }> {
  const dr = drActivities({ clients: deps.clients });
  const checks: PlanCheck[] = [];
  const facts: Record<string, string> = {};
  let names = input.instanceNames ?? [];
  if (input.instanceTag) {
    try {
      names = (await dr.instancesWithTag({ region: input.primaryRegion, tag: input.instanceTag }))
        .instanceNames;
      checks.push(
        names.length
          ? passed('instances', `${names.length} tagged: ${names.join(', ')}`, 'instanceTag')
          : failed('instances', `no instance in ${input.primaryRegion} carries the tag`, 'instanceTag'),
      );
    } catch (err) {
      checks.push(checkFromError('instances', 'instanceTag', err));
    }
  }
  for (const instanceName of names) {
    try {
      const found = await dr.findDrSource({
        primaryRegion: input.primaryRegion,
        drRegion: input.drRegion,
        instanceName,
      });
      checks.push(
        passed(
          `DR copy of ${instanceName}`,
          `${found.snapshot.snapshotName} (series ${found.snapshot.series}), taken ${found.snapshot.createdAt}`,
          'instanceNames',
        ),
      );
      facts[instanceName] = found.profile
        ? `${found.profile.bundleId}, ${found.profile.state} in ${input.primaryRegion}`
        : `${found.profileUnavailable}: restored from the snapshot's record`;
    } catch (err) {
      checks.push(checkFromError(`DR copy of ${instanceName}`, 'instanceNames', err));
    }
  }
  return { names, checks, facts };
}

export async function planFailover(deps: PlanDeps, input: FailoverParsedInput): Promise<PlanFindings> {
  const { names, checks, facts } = await findSources(deps, input);
  const newNameOf = (n: string) => input.newInstanceNames[n] ?? `${n}-dr-<run>`;
  for (const n of names) {
    checks.push(
      await nameFreeOfRuns(
        deps,
        { region: input.primaryRegion, kind: 'Instance', name: n },
        `lock on ${n}`,
        'instanceNames',
      ),
    );
  }
  return {
    checks,
    facts,
    steps: failoverSteps({ ...input, instanceNames: names, instanceTag: undefined }, newNameOf),
  };
}

export async function planDrDrill(deps: PlanDeps, input: DrDrillParsedInput): Promise<PlanFindings> {
  const { names, checks, facts } = await findSources(deps, input);
  return {
    checks,
    facts,
    steps: drillSteps({ ...input, instanceNames: names, instanceTag: undefined }, (n) => `${n}-drill-<run>`),
  };
}

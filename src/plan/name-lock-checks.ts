import { nameLockId, type NameKey } from '../locks/name-lock-keys';
import { failed, passed, unchecked } from './checks';
import type { PlanDeps } from './deps';
import type { PlanCheck } from './plan';

function unreachable(err: unknown): string {
  return `could not be checked: Temporal did not answer (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
}

/**
 * A user-chosen name a run would lock or fail (lockNameOrFail): failed when another run holds it,
 * as that run would fail at once.
 */
export async function nameFreeOfRuns(
  deps: PlanDeps,
  key: NameKey,
  name: string,
  field: string,
): Promise<PlanCheck> {
  try {
    const holder = await deps.lockHolder(nameLockId(key));
    return holder === undefined
      ? passed(name, `no other run holds the ${key.kind} name "${key.name}" in ${key.region}`, field)
      : failed(
          name,
          `the ${key.kind} name "${key.name}" in ${key.region} is in use by run ${holder}, which is making or changing it`,
          field,
        );
  } catch (err) {
    return unchecked(name, unreachable(err), field);
  }
}

/**
 * The names a release waits its turn for (lockNameInTurn): another run holding one only delays
 * the run, so the check passes and says who it would wait for.
 */
export async function releaseTurn(deps: PlanDeps, keys: NameKey[]): Promise<PlanCheck> {
  const name = 'turn';
  try {
    const busy: string[] = [];
    for (const key of keys) {
      const holder = await deps.lockHolder(nameLockId(key));
      if (holder !== undefined) busy.push(`run ${holder} is releasing to ${key.name}`);
    }
    return passed(
      name,
      busy.length
        ? `${busy.join('; ')}: this run would wait its turn`
        : `no other run is releasing to ${keys.map((k) => k.name).join(', ')}`,
    );
  } catch (err) {
    return unchecked(name, unreachable(err));
  }
}

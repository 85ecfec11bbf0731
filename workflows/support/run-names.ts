import { patched, workflowInfo } from '@temporalio/workflow';

/**
 * The patch that made runs own their names: default names carry the run, user-chosen names are
 * locked for the run, and copies are tagged as the run's as soon as they exist. Runs started
 * before it replay as they ran.
 */
export const RUN_OWNED_NAMES = 'run-owned-names';

export function runOwnsNames(): boolean {
  return patched(RUN_OWNED_NAMES);
}

/**
 * Eight hex digits hashed from the run's first execution id: the same in every replay, retry and
 * reset of the run, and different for every run, so that default names never meet another run's.
 * Hashed, not cut: run ids are time-ordered UUIDs whose leading digits runs started together share.
 */
export function runSuffix(): string {
  return fnv1a32(workflowInfo().firstExecutionRunId).toString(16).padStart(8, '0');
}

/** FNV-1a, 32 bits: small, deterministic, and plenty to tell runs apart within one name. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A default name for what a run makes: `<base>-<stamp>-<run suffix>`, cut to Lightsail's 255
 * characters at the base, so the readable stamp and the run's suffix always survive.
 */
export function runScopedName(base: string, stamp: string, maxLength = 255): string {
  const tail = `-${stamp}-${runSuffix()}`;
  return `${base.slice(0, maxLength - tail.length)}${tail}`;
}

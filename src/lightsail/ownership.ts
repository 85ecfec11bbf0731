import type { Tag } from '@aws-sdk/client-lightsail';

export { SERIES_TAG_KEY } from '../schemas/copy-snapshot';
export { TARGET_NAME_TAKEN } from '../locks/name-lock-keys';

/**
 * Marks what a run created, so a retried activity can tell "the resource my earlier attempt
 * made" from "someone else's resource with the same name", and compensation never deletes what
 * the user owned before the run.
 */
export const RUN_TAG_KEY = 'lightsail-flows:run';

/** How far the Lightsail clock may lag the worker's when judging "created after my first attempt". */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

export function runTag(workflowId: string): Tag {
  return { key: RUN_TAG_KEY, value: workflowId };
}

export function taggedRun(tags: Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.key === RUN_TAG_KEY)?.value;
}

export function toTagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/**
 * Whether a resource found under the name a run asked for is that run's own.
 *
 * - Tagged: only if the run tag names this run. Tags given at creation are atomic with it, so
 *   this is proof.
 * - Untagged (CopySnapshot cannot tag at creation): never on the activity's first attempt (the
 *   name was taken before this activity asked for it), and on a retry only when no other run can
 *   have asked for the name (`nameIsRuns`: a default name derived from this run, or a user's
 *   name held under this run's name lock), it was made from the same source, and after the
 *   first attempt was scheduled. `nameIsRuns` absent is a run from before name locks: the
 *   same rule without it, still never on a first attempt.
 */
export function isOwnResource(
  resource: { tags?: Tag[]; createdAt?: Date; fromName?: string },
  expected: {
    workflowId: string;
    fromName?: string;
    firstAttemptAtMs: number;
    attempt: number;
    nameIsRuns?: boolean;
  },
): boolean {
  const owner = taggedRun(resource.tags);
  if (owner !== undefined) return owner === expected.workflowId;
  if (expected.attempt <= 1 || expected.nameIsRuns === false) return false;
  if (expected.fromName === undefined || resource.fromName !== expected.fromName) return false;
  const created = resource.createdAt?.getTime();
  return created !== undefined && created >= expected.firstAttemptAtMs - CLOCK_SKEW_ALLOWANCE_MS;
}

/** Why a compensation left a resource alone: it is not tagged as this run's. */
export function notOwnedReason(tags: Tag[] | undefined, workflowId: string): string | undefined {
  const owner = taggedRun(tags);
  if (owner === workflowId) return undefined;
  return owner === undefined ? 'it carries no run tag' : `it is tagged as run ${owner}'s`;
}

import type { Tag } from '@aws-sdk/client-lightsail';

export { SERIES_TAG_KEY } from '../schemas/copy-snapshot';

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
 * Whether a resource found under the name a run asked for is that run's own: tagged with the
 * run, or (for actions such as CopySnapshot that cannot tag at creation) untagged, made from the
 * same source, and created after the activity's first attempt was scheduled.
 */
export function isOwnResource(
  resource: { tags?: Tag[]; createdAt?: Date; fromName?: string },
  expected: { workflowId: string; fromName?: string; firstAttemptAtMs: number },
): boolean {
  const owner = taggedRun(resource.tags);
  if (owner !== undefined) return owner === expected.workflowId;
  if (expected.fromName === undefined || resource.fromName !== expected.fromName) return false;
  const created = resource.createdAt?.getTime();
  return created !== undefined && created >= expected.firstAttemptAtMs - CLOCK_SKEW_ALLOWANCE_MS;
}

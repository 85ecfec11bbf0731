import { z } from 'zod';

/**
 * The one rule for run and schedule ids, checked the same way by the CLI, the API and the runs
 * layer. Ids travel in URL paths (/runs/:id), Temporal's visibility queries and log lines, so
 * they are kept to characters that need no escaping anywhere: an id the CLI accepts can always be
 * read back through the API.
 */

const MAX_RUN_ID = 200;

/**
 * Temporal names a schedule's runs `<schedule id>-<start time>` (nightly-dr-2026-11-22T02:00:00Z),
 * so a schedule id leaves room for that suffix within a run id's length.
 */
const SCHEDULED_RUN_SUFFIX = '-2026-11-22T02:00:00Z'.length;

function idSchema(max: number) {
  const rule = `must be 1-${max} letters, digits, or . _ : @ -`;
  return z.string({ error: rule }).regex(new RegExp(`^[\\w.:@-]{1,${max}}$`), rule);
}

export const RunId = idSchema(MAX_RUN_ID);
export const ScheduleId = idSchema(MAX_RUN_ID - SCHEDULED_RUN_SUFFIX);

/** Why `id` breaks the rule, or undefined when it keeps it. */
export function idProblem(schema: typeof RunId, id: unknown): string | undefined {
  const parsed = schema.safeParse(id);
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
}

import { z } from 'zod';
import { missingIsRequired } from './messages';
import { reservedKeyIssues } from './reserved-keys';

/**
 * Checks input people or machines sent against a schema, the same way at every edge (CLI, API,
 * workflow): reserved keys are refused by name first (a schema would drop them silently), then
 * the schema runs with missing fields reported as "required".
 */
export function safeParseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): z.ZodSafeParseResult<z.output<S>> {
  const reserved = reservedKeyIssues(raw);
  if (reserved.length > 0)
    return { success: false, error: new z.ZodError(reserved) as z.ZodError<z.output<S>> };
  return schema.safeParse(raw, { error: missingIsRequired });
}

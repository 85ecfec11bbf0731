import type { z } from 'zod';
import { formatIssues } from '../../src/schemas/format-issues';

/** A gate's input checked in its update validator: refused with the field and the rule, before the history. */
export function assertGateInput(gate: string, schema: z.ZodType, input: unknown): void {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new Error(`${gate}: ${formatIssues(parsed.error)}`);
}

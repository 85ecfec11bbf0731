import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import { formatIssues } from '../../src/schemas/format-issues';
import { safeParseInput } from '../../src/schemas/parse-input';

export const INVALID_INPUT = 'InvalidInput';

/**
 * Validates a workflow's input with the same schema the CLI and the API use. A bad input fails
 * the run at once, non-retryable, with one line per bad field, before anything is touched.
 */
export function validateInput<S extends z.ZodType>(
  workflowType: string,
  schema: S,
  raw: unknown,
): z.output<S> {
  const parsed = safeParseInput(schema, raw);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(
      `Invalid input for ${workflowType}:\n${formatIssues(parsed.error, { prefix: '  ' })}`,
      INVALID_INPUT,
    );
  }
  return parsed.data;
}

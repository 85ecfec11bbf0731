import type { z } from 'zod';

/**
 * A missing field reads "required". zod's own message for it ("expected string, received
 * undefined") and a schema's type message ("must be a string") both read as if a wrong value had
 * been given, when none was.
 */
export const REQUIRED = 'required';

/** A schema's type message that says "required" when the field is missing. */
export function requiredOr(message: string | ((issue: z.core.$ZodRawIssue) => string)) {
  return (issue: z.core.$ZodRawIssue): string =>
    issue.input === undefined ? REQUIRED : typeof message === 'string' ? message : message(issue);
}

/** For a whole parse: any missing field without a message of its own reads "required". */
export const missingIsRequired = (issue: z.core.$ZodRawIssue): string | undefined =>
  issue.code === 'invalid_type' && issue.input === undefined ? REQUIRED : undefined;

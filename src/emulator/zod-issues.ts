import type { z } from 'zod';

/**
 * A refused control-API body or query as one line per field (`rules[0].action: ...`). The
 * emulator's own copy of the product's formatIssues, so it imports nothing outside src/emulator.
 */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`).join('\n');
}

function issuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(input)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

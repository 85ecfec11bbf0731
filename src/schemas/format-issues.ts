import type { z } from 'zod';

/**
 * Renders zod issues as one line per field: `targetRegions[1]: Invalid option: expected one of ...`.
 * Used by the config loader, the workflows' input check, the CLI and the API, so every edge
 * reports bad input the same way.
 */
export function formatIssues(error: z.ZodError, options: { prefix?: string } = {}): string {
  return error.issues
    .map((issue) => `${options.prefix ?? ''}${issuePath(issue.path)}: ${issue.message}`)
    .join('\n');
}

export function issuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(input)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries one of the tokens. Both sides are hashed first, so the
 * constant-time comparison works on equal lengths and leaks neither a token nor its length.
 */
export function bearerTokenMatches(header: string | undefined, tokens: readonly string[]): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const offered = createHash('sha256').update(match[1]!).digest();
  let found = false;
  for (const token of tokens) {
    // No early exit: every token is compared, whichever matches.
    if (timingSafeEqual(offered, createHash('sha256').update(token).digest())) found = true;
  }
  return found;
}

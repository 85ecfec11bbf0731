import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Whether an offered secret equals the expected one. Both are hashed first, so the constant-time
 * comparison works on equal lengths and leaks neither the secret nor its length.
 */
export function secretMatches(offered: string | undefined, expected: string): boolean {
  return offered !== undefined && timingSafeEqual(digest(offered), digest(expected));
}

/** Whether an Authorization header carries one of the tokens, compared in constant time. */
export function bearerTokenMatches(header: string | undefined, tokens: readonly string[]): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  let found = false;
  for (const token of tokens) {
    // No early exit: every token is compared, whichever matches.
    if (secretMatches(match[1], token)) found = true;
  }
  return found;
}

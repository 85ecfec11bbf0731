import type { FastifyRequest } from 'fastify';
import { bearerTokenMatches } from '../auth/bearer';
import { ApiError } from './errors';

/**
 * API tokens from configuration: `token` may do everything; `read:token` may only read (GET).
 * A request without a valid token gets 401; a read-only token on a change gets 403.
 */
export interface ApiTokens {
  write: string[];
  read: string[];
}

export function parseApiTokens(text: string | undefined): ApiTokens {
  const tokens: ApiTokens = { write: [], read: [] };
  for (const entry of (text ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    if (entry.startsWith('read:')) tokens.read.push(entry.slice('read:'.length));
    else tokens.write.push(entry);
  }
  for (const token of [...tokens.write, ...tokens.read]) {
    if (token.length < 16)
      throw new Error('every API token must be at least 16 characters (openssl rand -hex 24)');
  }
  return tokens;
}

export const hasTokens = (t: ApiTokens) => t.write.length + t.read.length > 0;

/** Checks a request's bearer token; `mutating` routes need a write token. */
export function authorize(req: FastifyRequest, tokens: ApiTokens, mutating: boolean): void {
  if (!hasTokens(tokens)) return; // local-only: the server listens on loopback
  const header = req.headers.authorization;
  if (bearerTokenMatches(header, tokens.write)) return;
  if (bearerTokenMatches(header, tokens.read)) {
    if (!mutating) return;
    throw new ApiError(
      403,
      'Forbidden',
      'This token may only read; use a token without the read: prefix to change anything.',
    );
  }
  throw new ApiError(
    401,
    'Unauthorized',
    header ? 'The bearer token is not valid.' : 'Send Authorization: Bearer <token>.',
  );
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LightsailError } from './errors';

/**
 * Lightsail's wire protocol (AWS JSON 1.1): `POST /` with `x-amz-target:
 * Lightsail_20161128.<Action>` and a camelCase JSON body; errors as `{"__type": ...}`.
 */

export const TARGET_PREFIX = 'Lightsail_20161128.';
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function actionOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new LightsailError(
      'UnknownOperationException',
      `Missing or unknown X-Amz-Target header; expected ${TARGET_PREFIX}<Action>.`,
    );
  }
  return target.slice(TARGET_PREFIX.length);
}

/**
 * The region the request was signed for, from the SigV4 credential scope: one port serves every
 * region, as the real endpoints do one region each.
 */
export function regionOf(req: IncomingMessage): string {
  const match = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? '');
  if (!match) {
    throw new LightsailError(
      'MissingAuthenticationTokenException',
      'Request is missing a SigV4 Authorization header; sign requests for service "lightsail" (any AWS SDK or the AWS CLI does).',
    );
  }
  return match[1]!;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new LightsailError('InvalidInputException', 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseParams(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new LightsailError('SerializationException', 'The request body is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new LightsailError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, requestId: string, err: LightsailError): void {
  sendJson(res, err.status, requestId, { __type: err.type, code: err.type, message: err.message });
}

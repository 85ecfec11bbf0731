import type { IncomingMessage, ServerResponse } from 'node:http';
import { LightsailError, protocolError } from './errors';

/**
 * Lightsail's wire protocol (AWS JSON 1.1): `POST /` with `x-amz-target:
 * Lightsail_20161128.<Action>` and a camelCase JSON body; errors as `{"__type": ...}`.
 */

export const TARGET_PREFIX = 'Lightsail_20161128.';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function actionOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw protocolError(
      'UnknownOperationException',
      `Missing or unknown X-Amz-Target header; expected ${TARGET_PREFIX}<Action>.`,
    );
  }
  return target.slice(TARGET_PREFIX.length);
}

/**
 * The request body. One larger than AWS's front end takes is answered 413; the rest of it is
 * still read (and dropped), so the client gets the answer rather than a reset connection.
 */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) {
    throw protocolError(
      'RequestEntityTooLargeException',
      `Request Entity Too Large: the body is ${size} bytes, more than ${MAX_BODY_BYTES}.`,
      413,
    );
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseParams(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw protocolError('SerializationException', 'The request body is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw protocolError('SerializationException', 'The request body must be a JSON object.');
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
  sendJson(
    res,
    err.status,
    requestId,
    err.namespace
      ? { __type: `${err.namespace}#${err.type}`, Message: err.message }
      : { __type: err.type, code: err.type, message: err.message },
  );
}

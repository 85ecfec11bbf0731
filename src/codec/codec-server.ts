import type { Payload } from '@temporalio/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { bearerTokenMatches } from '../auth/bearer';
import { AesGcmCodec } from './aes-gcm-codec';
import type { CodecKeys } from './keys';

export interface CodecServerOptions {
  keys: CodecKeys;
  /** Bearer tokens of the users allowed to decode; none means local-only (loopback, no auth). */
  tokens: string[];
  /** Origins of the Web UI allowed to call it from a browser (CORS). */
  allowedOrigins: string[];
}

/** Payloads as the Web UI and `temporal --codec-endpoint` send them: bytes in base64. */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  ),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v ?? new Uint8Array()).toString('base64'),
    ]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * The codec server: lets the Temporal Web UI (and `temporal --codec-endpoint`) show encrypted
 * payloads in clear, for users holding a token, without the keys ever leaving this process.
 * Implements Temporal's remote codec protocol: POST /encode and /decode with {payloads}.
 */
export function buildCodecServer(options: CodecServerOptions): FastifyInstance {
  const codec = new AesGcmCodec(options.keys);
  const app = Fastify({ bodyLimit: 4 * 1024 * 1024 });
  // An empty JSON body is no payloads too; anything else goes through fastify's own JSON parser.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    body === '' ? done(null, {}) : json(req, body.toString(), done),
  );

  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin && options.allowedOrigins.includes(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'origin');
      reply.header('access-control-allow-credentials', 'true');
      reply.header('access-control-allow-headers', 'content-type, x-namespace, authorization');
      reply.header('access-control-allow-methods', 'POST, OPTIONS');
    }
    if (req.method === 'OPTIONS') return reply.code(204).send();
    if (options.tokens.length > 0 && !bearerTokenMatches(req.headers.authorization, options.tokens)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({
          error: {
            code: 'Unauthorized',
            message: 'A valid bearer token is required to use the codec server.',
          },
        });
    }
  });

  // The protocol decides by the URL's last segment only, so the codec can be mounted under a
  // prefix (the Web UI's `.../{namespace}` endpoints post to `/<namespace>/decode`).
  app.post<{ Body: { payloads?: JsonPayload[] | null } | null }>('/*', async (req, reply) => {
    const route = new URL(req.url, 'http://codec').pathname.split('/').pop();
    if (route !== 'encode' && route !== 'decode') {
      return reply
        .code(404)
        .send({ error: { code: 'NotFound', message: 'POST /encode or /decode with {"payloads": [...]}' } });
    }
    // Payloads travel as protobuf JSON, which leaves an empty list out: the `temporal` CLI sends
    // `{}` (or nothing) for no payloads, and that means an empty list, not a bad request.
    const payloads = req.body?.payloads ?? [];
    if (!Array.isArray(payloads)) {
      return reply
        .code(400)
        .send({ error: { code: 'InvalidInput', message: 'payloads: must be a list of payloads' } });
    }
    try {
      const out = await codec[route](payloads.map(fromJson));
      return { payloads: out.map(toJson) };
    } catch (err) {
      return reply.code(400).send({ error: { code: 'CodecFailed', message: (err as Error).message } });
    }
  });
  return app;
}

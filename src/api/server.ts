import Fastify, { type FastifyInstance } from 'fastify';
import { PROCEDURES } from '../procedures';
import { authorize } from './auth';
import type { ApiContext } from './context';
import { ApiError, sendApiError, toApiError } from './errors';
import { openApiDocument } from './openapi';
import { registerPlanRoutes } from './routes/plans';
import { registerRunRoutes } from './routes/runs';
import { registerScheduleRoutes } from './routes/schedules';
import { registerWebhookRoutes } from './routes/webhooks';
import { z } from 'zod';

export interface ApiOptions extends ApiContext {
  /** Largest body accepted, in bytes; larger answers 413. */
  bodyLimit?: number;
  log?: boolean;
}

const PUBLIC = new Set(['/healthz', '/openapi.json']);

/**
 * The HTTP API: the same runs layer as the CLI, behind bearer tokens. Every answer is JSON;
 * every refusal is `{"error": {"code", "message", "fields"?}}` with the status that fits.
 */
export function buildApi(options: ApiOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    logger: options.log
      ? {
          // A webhook's ?secret= must not reach the log.
          serializers: {
            req: (req) => ({
              method: req.method,
              url: req.url.replace(/([?&]secret=)[^&]*/g, '$1[redacted]'),
            }),
          },
        }
      : false,
  });
  const document = openApiDocument();

  app.addHook('onRequest', (req, _reply, done) => {
    const path = req.url.split('?')[0]!;
    if (PUBLIC.has(path) || path.startsWith('/webhooks/')) return done(); // webhooks check their own
    try {
      authorize(req, options.tokens, req.method !== 'GET' && req.method !== 'HEAD');
      done();
    } catch (err) {
      done(err as Error);
    }
  });
  app.setErrorHandler((err, req, reply) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) req.log.error(err);
    return sendApiError(reply, apiError);
  });
  app.setNotFoundHandler((req, reply) =>
    sendApiError(
      reply,
      new ApiError(
        404,
        'NotFound',
        `No route ${req.method} ${req.url.split('?')[0]}; GET /openapi.json lists them.`,
      ),
    ),
  );

  app.get('/healthz', () => Promise.resolve({ ok: true }));
  app.get('/openapi.json', () => Promise.resolve(document));
  app.get('/procedures', () =>
    Promise.resolve({
      procedures: Object.entries(PROCEDURES).map(([name, p]) => ({
        name,
        workflowType: p.workflowType,
        summary: p.summary,
        inputSchema: z.toJSONSchema(p.schema, { io: 'input', unrepresentable: 'any' }),
        example: p.example,
      })),
    }),
  );
  registerRunRoutes(app, options);
  registerPlanRoutes(app, options);
  registerScheduleRoutes(app, options);
  registerWebhookRoutes(app, options);
  return app;
}

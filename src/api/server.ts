import Fastify, { type FastifyInstance } from 'fastify';
import { PROCEDURES } from '../procedures';
import { authorize } from './auth';
import type { ApiContext } from './context';
import { ApiError, sendApiError, toApiError } from './errors';
import { registerJsonBodyParser } from './json-body';
import { redactedUrl } from './log-redaction';
import { openApiDocument } from './openapi';
import { TemporalReadiness } from './readiness';
import { registerRequestMetrics } from './request-metrics';
import { registerDrRoutes } from './routes/dr';
import { registerPlanRoutes } from './routes/plans';
import { registerRunRoutes } from './routes/runs';
import { registerScheduleRoutes } from './routes/schedules';
import { registerWebhookRoutes } from './routes/webhooks';
import { z } from 'zod';

export interface ApiOptions extends ApiContext {
  /** Largest body accepted, in bytes; larger answers 413. */
  bodyLimit?: number;
  log?: boolean;
  /** Where the log goes when `log` is on; standard output unless given. */
  logStream?: NodeJS.WritableStream;
}

const PUBLIC = new Set(['/healthz', '/readyz', '/openapi.json']);

/** Routes that call Temporal: refused with 503 at once while it cannot be reached. */
const NEEDS_TEMPORAL = /^\/(runs|schedules|webhooks|dr)(\/|$)/;

/**
 * The HTTP API: the same runs layer as the CLI, behind bearer tokens. Every answer is JSON;
 * every refusal is `{"error": {"code", "message", "fields"?}}` with the status that fits.
 */
export function buildApi(options: ApiOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Room for the longest run id (200 characters, src/schemas/ids.ts) even percent-encoded, so
    // every id the API hands out can be read back at /runs/:id (fastify's default is 100).
    routerOptions: { maxParamLength: 3 * 200 },
    logger: options.log
      ? {
          ...(options.logStream ? { stream: options.logStream } : {}),
          // Secrets and tokens in the query (?secret=, a mistaken ?token=) must not reach the log.
          serializers: { req: (req) => ({ method: req.method, url: redactedUrl(req.url) }) },
        }
      : false,
  });
  const document = openApiDocument();
  registerJsonBodyParser(app);
  const readiness = new TemporalReadiness(options.client);
  // Before the routes, so every route's answers are counted; /metrics needs a token like any GET.
  registerRequestMetrics(app);

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
  app.addHook('preHandler', async (req) => {
    if (!NEEDS_TEMPORAL.test(req.routeOptions.url ?? '')) return;
    const ready = await readiness.check();
    if (!ready.reachable) throw new ApiError(503, 'TemporalUnavailable', ready.message);
  });
  app.setErrorHandler((err, req, reply) => {
    const apiError = toApiError(err, readiness.address);
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

  // Liveness: the process serves. Readiness: it can also reach Temporal, which every run needs.
  app.get('/healthz', () => Promise.resolve({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const ready = await readiness.check();
    const temporal = { address: readiness.address, reachable: ready.reachable };
    return ready.reachable
      ? { ready: true, temporal }
      : reply.code(503).send({
          ready: false,
          temporal,
          error: { code: 'TemporalUnavailable', message: ready.message },
        });
  });
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
  registerDrRoutes(app, options);
  registerScheduleRoutes(app, options);
  registerWebhookRoutes(app, options);
  return app;
}

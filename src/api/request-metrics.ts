import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';

/** Seconds; most routes answer in milliseconds, a start waits on Temporal for longer. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Counts and times every request by route template (/runs/:id, never the id itself), method
 * and status, and serves them at GET /metrics. A request no route matched is labelled
 * "unmatched", so a scanner probing paths cannot grow the label set. The registry belongs to
 * this app: each API built in one process (tests build many) counts its own requests.
 */
export function registerRequestMetrics(app: FastifyInstance): void {
  const registry = new Registry();
  const labelNames = ['route', 'method', 'status'] as const;
  const requests = new Counter({
    name: 'lightsail_flows_api_requests_total',
    help: 'HTTP API requests, by route template, method and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'lightsail_flows_api_request_duration_seconds',
    help: 'HTTP API request durations, by route template, method and status',
    labelNames,
    buckets: BUCKETS,
    registers: [registry],
  });
  app.addHook('onResponse', (req, reply, done) => {
    const labels = {
      route: req.routeOptions.url ?? 'unmatched',
      method: req.method,
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { probeTemporal } from '../temporal/reachability';
import { collectDefaultMetrics } from 'prom-client';
import { workerRegistry } from './worker-metrics';

/** How long a readiness answer is reused: a probe of Temporal a second at most, however often asked. */
const REUSE_MS = 1000;

export interface WorkerHttpOptions {
  host: string;
  port: number;
  worker: Worker;
  connection: NativeConnection;
  /** The Temporal SDK's own Prometheus endpoint on loopback, served here beside ours. */
  sdkMetricsUrl?: string;
}

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

/**
 * The worker's one port for operators: GET /metrics (the project's families and the Temporal
 * SDK's, one scrape), GET /livez (the process serves and the worker has not failed) and GET
 * /readyz (the worker polls its task queue and the Temporal server answers).
 */
export async function startWorkerHttp(options: WorkerHttpOptions): Promise<WorkerHttp> {
  collectProcessMetrics();
  const readiness = cachedReadiness(options);
  const server = createServer((req, res) => {
    handle(req, res, options, readiness).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: (err as Error).message });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, close: () => closeServer(server) };
}

let collecting = false;

/** Node's process metrics (CPU, memory, event loop lag, handles), once per process. */
function collectProcessMetrics(): void {
  if (collecting) return;
  collecting = true;
  collectDefaultMetrics({ register: workerRegistry, prefix: 'lightsail_flows_worker_' });
}

type Readiness = () => Promise<{ ready: boolean; state: string; temporal: string | undefined }>;

function cachedReadiness(options: WorkerHttpOptions): Readiness {
  let last: { at: number; temporal: Promise<string | undefined> } | undefined;
  return async () => {
    const state = options.worker.getState();
    if (!last || Date.now() - last.at >= REUSE_MS) {
      last = { at: Date.now(), temporal: probeTemporal(options.connection) };
    }
    const temporal = await last.temporal;
    return { ready: state === 'RUNNING' && temporal === undefined, state, temporal };
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: WorkerHttpOptions,
  readiness: Readiness,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'Only GET is served' });
  if (path === '/livez') {
    const state = options.worker.getState();
    // FAILED is the one state the worker does not leave by itself: restart the process.
    return json(res, state === 'FAILED' ? 503 : 200, { live: state !== 'FAILED', state });
  }
  if (path === '/readyz') {
    const { ready, state, temporal } = await readiness();
    return json(res, ready ? 200 : 503, {
      ready,
      worker: { state, polling: state === 'RUNNING' },
      temporal: temporal === undefined ? { reachable: true } : { reachable: false, error: temporal },
    });
  }
  if (path === '/metrics') {
    const body = (await workerRegistry.metrics()) + (await sdkMetrics(options.sdkMetricsUrl));
    res.writeHead(200, { 'content-type': workerRegistry.contentType });
    res.end(body);
    return;
  }
  json(res, 404, { error: `No route ${path}; this port serves /metrics, /livez and /readyz` });
}

/** The SDK's exposition text, or a comment saying why it is missing (a scrape still succeeds). */
async function sdkMetrics(url: string | undefined): Promise<string> {
  if (!url) return '';
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return `# Temporal SDK metrics unavailable: HTTP ${response.status}\n`;
    return await response.text();
  } catch (err) {
    return `# Temporal SDK metrics unavailable: ${(err as Error).message}\n`;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

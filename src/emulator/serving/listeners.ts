import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One HTTP request as a served resource sees it: host is in headers.host. */
export interface ServedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface ServedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ServeHandler = (request: ServedRequest) => Promise<ServedResponse>;

/** What a resource family wants served: a key (kind/region/name), a preferred port and its handler. */
export interface ServedResource {
  kind: string;
  region: string;
  name: string;
  /** The port remembered in the state (a restart tries it again); undefined lets the OS choose. */
  port?: number;
  handler: ServeHandler;
}

interface Listener {
  server: Server;
  port: number;
  /** Replaced on every reconcile so the handler always sees current state. */
  handler: ServeHandler;
}

const keyOf = (r: { kind: string; region: string; name: string }): string =>
  `${r.kind}/${r.region}/${r.name}`;

/**
 * Loopback HTTP listeners for served resources (container services, distributions ...), kept outside the
 * JSON state: they are runtime objects, reconciled against the state after every change.
 * Generic on purpose: each family passes its own list of resources to serve under its own kind.
 */
export class ListenerPool {
  private readonly listeners = new Map<string, Listener>();

  /**
   * Makes the listeners of `kind` match `wanted`: opens missing ones (on the remembered port when it is
   * free, else a new one), closes those no longer wanted. Answers the port of every served resource
   * so the caller can store it (and the url) in the state.
   */
  async reconcile(kind: string, wanted: ServedResource[]): Promise<Map<string, number>> {
    const ports = new Map<string, number>();
    const wantedKeys = new Set(wanted.map(keyOf));
    for (const [key, listener] of this.listeners) {
      if (key.startsWith(`${kind}/`) && !wantedKeys.has(key)) {
        this.listeners.delete(key);
        await closeServer(listener.server);
      }
    }
    for (const resource of wanted) {
      const key = keyOf(resource);
      let listener = this.listeners.get(key);
      if (listener) {
        listener.handler = resource.handler;
      } else {
        listener = await open(resource);
        this.listeners.set(key, listener);
      }
      ports.set(key, listener.port);
    }
    return ports;
  }

  portOf(kind: string, region: string, name: string): number | undefined {
    return this.listeners.get(keyOf({ kind, region, name }))?.port;
  }

  async closeAll(): Promise<void> {
    const servers = [...this.listeners.values()].map((l) => l.server);
    this.listeners.clear();
    await Promise.all(servers.map(closeServer));
  }
}

async function open(resource: ServedResource): Promise<Listener> {
  const listener: Listener = { server: createServer(), port: 0, handler: resource.handler };
  listener.server.on('request', (req, res) => void answer(listener, req, res));
  try {
    listener.port = await listen(listener.server, resource.port ?? 0);
  } catch {
    // The remembered port is taken: fall back to a new one (the caller updates the url).
    listener.port = await listen(listener.server, 0);
  }
  return listener;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function answer(listener: Listener, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  try {
    const response = await listener.handler({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(response.status, response.headers).end(response.body);
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`Emulator error: ${(err as Error).message}`);
  }
}

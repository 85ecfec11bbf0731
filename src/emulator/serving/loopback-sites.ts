import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bindNewPort, claimPort, fillPortPool } from './port-pool';

/** A resource the state says should be served, by a key its family understands, on its port. */
export interface WantedSite {
  key: string;
  /** 0 for a site that has no port yet: it gets a free one, which the family records (relocate). */
  port: number;
}

/** One request as a served site sees it. */
export interface SiteRequest {
  method: string;
  /** Path and query string. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface SiteResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A plain-text answer, for a site explaining why it cannot serve. */
export function textResponse(status: number, message: string): SiteResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: Buffer.from(`${message}\n`),
  };
}

export interface SiteFamily {
  /** Names the family in log lines. */
  kind: string;
  /** What should be served now, read from the state. */
  wanted(): WantedSite[];
  /**
   * Answers one request for the site with this key (reading the state afresh); undefined drops
   * the connection unanswered (the resource stopped serving since the last sync).
   */
  answer(key: string, request: SiteRequest): Promise<SiteResponse | undefined>;
  /**
   * The site now serves on `port`, and the family records it (and the address it answers) in the
   * state: it had no port yet, or the remembered port of a site restored from a state file was
   * taken.
   */
  relocate(key: string, port: number): void;
  /** Forgets what the family keeps for a site no longer served (a cache). */
  closed?(key: string): void;
}

/**
 * Loopback HTTP listeners for the served resources of one family (distributions, container
 * services), reconciled against the state after every change. Listeners are runtime objects kept
 * out of the JSON state; each site's port is in the state, so its address survives a restart.
 */
export class LoopbackSites {
  private readonly listeners = new Map<string, { port: number; server: Server }>();
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly family: SiteFamily,
    private readonly log?: (line: string) => void,
  ) {
    void fillPortPool().catch((err: unknown) => this.log?.(`${family.kind} ports: ${String(err)}`));
  }

  /** Opens a listener for every wanted site and closes the others; calls run one at a time. */
  sync(): Promise<void> {
    this.syncing = this.syncing
      .then(() => this.reconcile())
      .catch((err: unknown) => {
        this.log?.(`${this.family.kind} listeners: ${(err as Error).message}`);
      });
    return this.syncing;
  }

  async close(): Promise<void> {
    await this.syncing;
    await Promise.all([...this.listeners.keys()].map((key) => this.closeListener(key)));
  }

  private async reconcile(): Promise<void> {
    const wanted = new Map(this.family.wanted().map((site) => [site.key, site.port]));
    for (const [key, listener] of [...this.listeners]) {
      if (wanted.get(key) !== listener.port) await this.closeListener(key);
    }
    for (const [key, port] of wanted) {
      if (this.listeners.has(key)) continue;
      let server = port > 0 ? await claimPort(port) : undefined;
      if (!server) {
        server = await bindNewPort();
        const moved = (server.address() as AddressInfo).port;
        if (port > 0)
          this.log?.(`${this.family.kind} ${key}: port ${port} is taken; now serving on ${moved}`);
        this.family.relocate(key, moved);
      }
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        this.serve(key, req, res).catch((err: unknown) => {
          res.destroy(err instanceof Error ? err : undefined);
        });
      });
      this.listeners.set(key, { port: (server.address() as AddressInfo).port, server });
    }
  }

  private async serve(key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const answer = await this.family.answer(key, {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body,
    });
    if (!answer) {
      res.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  }

  private async closeListener(key: string): Promise<void> {
    const listener = this.listeners.get(key);
    if (!listener) return;
    this.listeners.delete(key);
    this.family.closed?.(key);
    await new Promise<void>((resolve) => {
      listener.server.close(() => resolve());
      listener.server.closeAllConnections();
    });
  }
}

/** The whole body of a request. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback listeners bound ahead of time, so that a synchronous action handler (CreateDistribution,
 * CreateContainerService) can answer its resource's address, localhost:<port>, at once: it takes
 * a bound server from here, and the resource's LoopbackSites claims it to serve. Process-wide, as
 * ports are. The servers are unref'd so an idle pool never keeps the process alive.
 */
const POOL_SIZE = 4;
const idle = new Map<number, Server>();
let filling: Promise<void> | undefined;

function bindOne(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.unref();
      resolve(server);
    });
  });
}

/** Tops the pool up in the background (one refill at a time). */
export function fillPortPool(): Promise<void> {
  if (!filling) {
    filling = refill().finally(() => {
      filling = undefined;
    });
  }
  return filling;
}

async function refill(): Promise<void> {
  // Yield first, so `filling` is set before the loop can end.
  await Promise.resolve();
  while (idle.size < POOL_SIZE) {
    const server = await bindOne();
    idle.set((server.address() as AddressInfo).port, server);
  }
}

/** A port bound on loopback and reserved for the caller, or undefined when the pool is empty. */
export function reservePort(): number | undefined {
  const port = idle.keys().next().value;
  if (port === undefined) {
    void fillPortPool().catch(() => undefined);
    return undefined;
  }
  // Stays bound until claimed; a refill starts for the next one.
  reserved.set(port, idle.get(port)!);
  idle.delete(port);
  void fillPortPool().catch(() => undefined);
  return port;
}

const reserved = new Map<number, Server>();

/**
 * The server bound to a reserved port, or a new one bound to that port (a resource restored from
 * a state file keeps its port when it is free), or undefined when that port is taken.
 */
export async function claimPort(port: number): Promise<Server | undefined> {
  const server = reserved.get(port);
  if (server) {
    reserved.delete(port);
    return server;
  }
  return bindOne(port).catch(() => undefined);
}

/** A server on a new port, for a resource whose remembered port is taken. */
export function bindNewPort(): Promise<Server> {
  return bindOne();
}

import { createServer } from 'node:net';

/**
 * Ports below Linux's ephemeral range (32768-60999): the system never hands these out for
 * `listen(0)` or as the local end of an outgoing connection, so a port found free here stays
 * free until the test binds it. A port from `listen(0)` did not: CI once lost the dev stack's UI
 * port to another shard's connection in the moment between choosing it and binding it.
 */
const LOWEST = 20000;
const HIGHEST = 32000;

/** A local port nothing listens on, outside the range the system gives out by itself. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${HIGHEST} after 50 tries`);
}

/** Several distinct free ports, for one stack that binds them all. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTROL_PREFIX, handleControl } from './control-api';
import { Emulator } from './emulator';
import { LOCAL_EMULATOR_CREDENTIALS } from './default-keys';
import { EmulatorPortInUse } from './port-in-use';
import { StateFile } from './persistence';
import { fillPortPool } from './serving/port-pool';
import type { AccessKeys } from './signature';

/**
 * The Lightsail emulator: a real HTTP server speaking Lightsail's protocol on one port for every
 * region, with its control API under /_emulator/.
 */
export interface EmulatorOptions {
  /** 0 picks a free port. Default 4570. */
  port?: number;
  /** Default 127.0.0.1: nothing here is meant to be reachable from other machines. */
  host?: string;
  /** How many times faster than AWS operations complete. Default 60. */
  timeScale?: number;
  /** Keep the state in this JSON file across restarts. */
  stateFile?: string;
  /** Start with the seed data (only when the state file does not exist yet). */
  seed?: boolean;
  /**
   * Access key id to secret: requests must carry a valid SigV4 signature by one of them.
   * Default: LOCAL_EMULATOR_CREDENTIALS only. `false` accepts any signed request unchecked.
   */
  accessKeys?: AccessKeys | false;
  /**
   * Every paginated action's page size, instead of Lightsail's (100; GetOperations 200): a small
   * one lets tests page any list with a few resources.
   */
  pageSize?: number;
  /** Receives one line per Lightsail call (region, action, status, time) and save failures. */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  /** Stops listening and writes the state file. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // The seed's container services and distribution take loopback ports from the pool at once.
  await fillPortPool();
  const emulator = new Emulator(
    {
      timeScale: options.timeScale ?? 60,
      seed: options.seed ?? false,
      pageSize: options.pageSize,
      accessKeys:
        options.accessKeys === false
          ? undefined
          : (options.accessKeys ?? {
              [LOCAL_EMULATOR_CREDENTIALS.accessKeyId]: LOCAL_EMULATOR_CREDENTIALS.secretAccessKey,
            }),
    },
    options.stateFile ? new StateFile(options.stateFile, options.log) : undefined,
    options.log,
  );
  const server = createServer((req, res) => {
    const handled = req.url?.startsWith(CONTROL_PREFIX)
      ? handleControl(emulator, req, res)
      : emulator.handle(req, res);
    handled.catch((err: unknown) => {
      res.destroy(err instanceof Error ? err : undefined);
    });
  });
  // Node closes an idle kept-alive connection after 5 s, and a client that picks that socket up
  // just as it closes gets ECONNRESET: an error AWS's endpoints, which keep connections open
  // far longer, do not cause. A minute makes the race as rare as against AWS.
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new EmulatorPortInUse(options.port, { cause: err }) : err),
    );
    server.listen(options.port ?? 4570, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    emulator,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.closeServed();
      emulator.flush();
    },
  };
}

export { SEEDED } from './seed';
export { EmulatorPortInUse } from './port-in-use';
export { LOCAL_EMULATOR_CREDENTIALS } from './default-keys';

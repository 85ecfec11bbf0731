import { existsSync, mkdirSync } from 'node:fs';
import { Runtime } from '@temporalio/worker';
import { join, relative, resolve } from 'node:path';
import { startEmulator } from '../emulator';
import { buildCodecServer } from '../codec/codec-server';
import { devCodecKeys } from '../codec/dev-keys';
import { devCodecKeysFile, LOCAL_EMULATOR_CREDENTIALS, loadConfig } from '../config';
import { nodeRuntimeLine } from '../node-runtime-line';
import { UserFacingError } from '../user-facing-error';
import { createWorker } from '../worker';
import { DevLogger } from './dev-logger';
import { startTemporalDevServer, type DevServer } from './temporal-dev-server';

export interface DevStackOptions {
  /** Where the dev server's and the emulator's state live (git-ignored). */
  dataDir: string;
  temporalPort: number;
  uiPort: number;
  emulatorPort: number;
  /** How much faster than real Lightsail the emulator's operations complete. */
  timeScale: number;
  /** The codec server the Web UI decrypts payloads through. */
  codecPort: number;
}

export function devStackOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DevStackOptions {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
    return n;
  };
  return {
    dataDir: resolve(env.LIGHTSAIL_FLOWS_DATA_DIR ?? '.data'),
    temporalPort: int('TEMPORAL_DEV_PORT', 7233),
    uiPort: int('TEMPORAL_DEV_UI_PORT', 8233),
    emulatorPort: int('LIGHTSAIL_EMULATOR_PORT', 4570),
    timeScale: int('LIGHTSAIL_EMULATOR_TIME_SCALE', 60),
    codecPort: int('LIGHTSAIL_FLOWS_CODEC_PORT', 8234),
  };
}

/**
 * `npm run dev`: the Temporal dev server, the Lightsail emulator and the worker in one process,
 * with both servers' state kept in the data folder so runs and resources survive a restart.
 * Ctrl-C stops the worker first (it finishes its current tasks), then the servers.
 */
export async function runDevStack(options: DevStackOptions): Promise<void> {
  console.error(nodeRuntimeLine());
  const config = loadConfig();
  // Warnings and errors only: the banner and `lightsail-flows start --wait` show the progress.
  // An expected failure (a missing snapshot) is one line, not a stack.
  Runtime.install({ logger: new DevLogger('WARN') });
  mkdirSync(options.dataDir, { recursive: true });
  const emulatorState = join(options.dataDir, 'emulator-state.json');
  const temporalDb = join(options.dataDir, 'temporal.db');

  // Payloads are encrypted locally too; the Web UI reads them through the codec server below.
  const codecKeys = config.temporal.codec ?? devCodecKeys(devCodecKeysFile());
  const codecServer = buildCodecServer({
    keys: codecKeys,
    tokens: [],
    allowedOrigins: [`http://localhost:${options.uiPort}`, `http://127.0.0.1:${options.uiPort}`],
  });
  const codecUrl = await codecServer
    .listen({ port: options.codecPort, host: '127.0.0.1' })
    .catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'EADDRINUSE'
        ? new UserFacingError(
            `Port ${options.codecPort} (the codec server) is in use: stop what uses it or set LIGHTSAIL_FLOWS_CODEC_PORT.`,
          )
        : err;
    });

  const emulator = await startEmulator({
    port: options.emulatorPort,
    timeScale: options.timeScale,
    stateFile: emulatorState,
    seed: !existsSync(emulatorState),
  });
  let server: DevServer | undefined;
  try {
    console.error('Starting the Temporal dev server...');
    server = await startTemporalDevServer({
      port: options.temporalPort,
      uiPort: options.uiPort,
      dbFilename: temporalDb,
      uiCodecEndpoint: codecUrl,
    });
    const { clients, run } = await createWorker({
      connection: server.env.nativeConnection,
      namespace: 'default',
      taskQueue: config.taskQueue,
      lightsail: {
        endpoint: emulator.url,
        credentials: LOCAL_EMULATOR_CREDENTIALS,
        sdkMaxAttempts: config.lightsail.sdkMaxAttempts,
      },
      codec: codecKeys,
    });
    const running = run();
    printBanner(options, emulator.url, config.taskQueue, codecUrl, {
      emulatorState,
      temporalDb,
      temporalCommand: server.cli.source === 'PATH' ? 'temporal' : temporalPath(server),
    });
    await running;
    clients.destroy();
  } finally {
    console.error('Stopping the dev server and the emulator...');
    await server?.env.teardown().catch((err: unknown) => console.error('teardown failed:', err));
    await emulator.close();
    await codecServer.close();
  }
}

function printBanner(
  options: DevStackOptions,
  emulatorUrl: string,
  taskQueue: string,
  codecUrl: string,
  files: { emulatorState: string; temporalDb: string; temporalCommand: string },
): void {
  const rel = (p: string) => relative(process.cwd(), p) || p;
  console.log(
    [
      '',
      'lightsail-flows local stack is running:',
      `  Temporal dev server  127.0.0.1:${options.temporalPort}, namespace "default" (state: ${rel(files.temporalDb)})`,
      `  Temporal Web UI      http://127.0.0.1:${options.uiPort} (payloads encrypted; decoded by ${codecUrl})`,
      `  Lightsail emulator   ${emulatorUrl}, ${options.timeScale}x faster than AWS (state: ${rel(files.emulatorState)})`,
      `  Worker               task queue "${taskQueue}"`,
      '',
      'Copy a snapshot from us-east-1 to eu-west-1 and watch it, in another terminal:',
      '  npx lightsail-flows start copy-snapshot --input examples/copy-snapshot.json --wait',
      '',
      'or start it with the temporal CLI and watch it in the Web UI:',
      `  ${files.temporalCommand} workflow start --type copySnapshotAcrossRegions --task-queue ${taskQueue} --input-file examples/copy-snapshot.json --codec-endpoint ${codecUrl}`,
      '',
      'Every command (watch, status, list, schedule, api, ...): npx lightsail-flows --help',
      '',
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
}

function temporalPath(server: DevServer): string {
  return server.cli.executable.type === 'existing-path' ? server.cli.executable.path : 'temporal';
}

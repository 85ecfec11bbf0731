import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-port';

/** The checkout: the README's commands run from here, with paths such as examples/<file>. */
export const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'lightsail-flows.cjs');

/**
 * `npm run dev` as a user runs it (`lightsail-flows dev`, its own process), in a fresh data
 * folder on free ports: the seed, the codec key, the codec server and the task queue are its own.
 * Its emulator runs 600 times faster than AWS (LIGHTSAIL_EMULATOR_TIME_SCALE, documented), so an
 * export of two emulated hours takes seconds; everything else is the README's local stack.
 */
export interface DevStackProcess {
  temporalAddress: string;
  emulatorUrl: string;
  codecUrl: string;
  /** What a shell next to this stack has: the CLI finds the server and the stack's codec key. */
  env: NodeJS.ProcessEnv;
  /** What it printed (standard output and error) up to and with its banner. */
  startupOutput: string;
}

let started: Promise<DevStackProcess> | undefined;
let stopIt: (() => Promise<void>) | undefined;

export function devStackProcess(): Promise<DevStackProcess> {
  started ??= startDevStackOnFreePorts();
  return started;
}

/**
 * Another shard may bind one of the chosen ports before this stack does (both choose at random
 * from the same range); the stack then stops with "address already in use", and a second start
 * on other ports is what a user would do too.
 */
async function startDevStackOnFreePorts(): Promise<DevStackProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevStack();
    } catch (error) {
      // The UI's or the emulator's bind error, or the SDK's question when the server's port was taken.
      const portTaken = /address already in use|already in use\?/.test(String(error));
      if (!portTaken || attempt === 3) throw error;
      await stopIt?.();
    }
  }
}

/** Ctrl-C, as a user stops it; called by the root hook in hooks.ts. */
export async function stopDevStackProcess(): Promise<void> {
  await stopIt?.();
}

async function startDevStack(): Promise<DevStackProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dev-stack-'));
  const [temporal, ui, emulator, codec] = await freePorts(4);
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    LIGHTSAIL_FLOWS_DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(temporal),
    TEMPORAL_DEV_UI_PORT: String(ui),
    LIGHTSAIL_EMULATOR_PORT: String(emulator),
    LIGHTSAIL_FLOWS_CODEC_PORT: String(codec),
    LIGHTSAIL_EMULATOR_TIME_SCALE: '600',
  };
  const child = spawn(process.execPath, [BIN, 'dev'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  stopIt = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const startupOutput = await bannerOf(child);
  return {
    temporalAddress: `127.0.0.1:${temporal}`,
    emulatorUrl: `http://127.0.0.1:${emulator}`,
    codecUrl: `http://127.0.0.1:${codec}`,
    env: { ...cleanEnv(), TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`, LIGHTSAIL_FLOWS_DATA_DIR: dataDir },
    startupOutput,
  };
}

/** This process's environment without what would point a child at the test stack instead. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(TEMPORAL_|LIGHTSAIL_)/.test(name) && name !== 'TEMPORAL_CLI_PATH') delete env[name];
  }
  return env;
}

/** Resolves with its output once the stack prints its banner (everything is up), rejects if it exits first. */
function bannerOf(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('local stack is running')) resolve(output);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`npm run dev exited (${code}) before its banner:\n${output}`)),
    );
  });
}

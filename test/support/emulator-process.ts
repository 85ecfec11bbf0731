import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** `lightsail-flows emulator` running as a child process, as a user starts it. */
export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  /** Sends the signal and resolves once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the emulator as its own process (the CLI, not startEmulator in this process), so a test
 * or benchmark can kill it the way a crash or `kill -9` would. Resolves once it listens.
 */
export async function spawnEmulator(options: {
  stateFile?: string;
  timeScale?: number;
  seed?: boolean;
  /** The checkout whose CLI to run (another version, for a comparison); default this one. */
  root?: string;
}): Promise<EmulatorProcess> {
  const bin = join(options.root ?? ROOT, 'bin', 'lightsail-flows.cjs');
  const args = [bin, 'emulator', '--port', '0', '--time-scale', String(options.timeScale ?? 60)];
  if (options.stateFile) args.push('--state-file', options.stateFile);
  if (options.seed) args.push('--seed');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`The emulator exited (${code}) before listening:\n${output}`)),
    );
  });
  return {
    url,
    child,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

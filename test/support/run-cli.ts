import { spawn } from 'node:child_process';
import type { TestStack } from './stack';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'lightsail-flows.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command as a child process, as a user's shell would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment that points the CLI at the test stack: its Temporal server, queue, codec and emulator. */
export function cliEnvOf(stack: TestStack, taskQueue = stack.sharedTaskQueue): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: stack.env.address,
    TEMPORAL_NAMESPACE: 'default',
    LIGHTSAIL_FLOWS_TASK_QUEUE: taskQueue,
    LIGHTSAIL_FLOWS_CODEC_KEYS: stack.codecKeys,
    LIGHTSAIL_ENDPOINT: stack.emulator.url,
  };
}

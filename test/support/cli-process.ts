import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './dev-stack-process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command running as a child process from the checkout, as a user's shell runs it. */
export interface RunningCommand {
  child: ChildProcess;
  /** Everything written so far. */
  output(): CliRun;
  done: Promise<CliRun>;
}

export function spawnCommand(command: string, args: string[], env: NodeJS.ProcessEnv): RunningCommand {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, output: () => ({ code: child.exitCode, stdout, stderr }), done };
}

/** `npx lightsail-flows <args>`: the package's bin, run by node. */
export function lightsailFlows(args: string[], env: NodeJS.ProcessEnv): RunningCommand {
  return spawnCommand(process.execPath, [`${ROOT}/bin/lightsail-flows.cjs`, ...args], env);
}

/** A `lightsail-flows worker` process, answered once it polls its task queue. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<RunningCommand> {
  const worker = lightsailFlows(['worker'], env);
  const deadline = Date.now() + 120_000;
  while (!/Worker polling/.test(worker.output().stderr + worker.output().stdout)) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the worker polling');
    await new Promise((r) => setTimeout(r, 200));
  }
  return worker;
}

/** SIGKILLs a worker process, as a crash would, and starts another in its place. */
export async function killAndReplaceWorker(
  worker: RunningCommand,
  env: NodeJS.ProcessEnv,
): Promise<RunningCommand> {
  const exited = new Promise((r) => worker.child.once('exit', r));
  worker.child.kill('SIGKILL');
  await exited;
  return startWorkerProcess(env);
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lightsailFlows, type RunningCommand } from './cli-process';
import { waitUntil } from './fixtures';

/**
 * `lightsail-flows worker` as its own process on a task queue of its own, for tests that kill it
 * with SIGKILL mid-run and start another: `start()` resolves once it polls, `kill(worker)` once
 * it is dead.
 */
export function workerProcesses(cliEnv: NodeJS.ProcessEnv, taskQueue: string, prefix: string) {
  const env = {
    ...cliEnv,
    LIGHTSAIL_FLOWS_TASK_QUEUE: taskQueue,
    LIGHTSAIL_FLOWS_DATA_DIR: mkdtempSync(join(tmpdir(), `${prefix}-`)),
  };
  return {
    async start(): Promise<RunningCommand> {
      const worker = lightsailFlows(['worker'], env);
      await waitUntil(
        'the worker polling',
        () =>
          Promise.resolve(
            /Worker polling/.test(worker.output().stderr + worker.output().stdout) ? true : undefined,
          ),
        120_000,
        200,
      );
      return worker;
    },
    async kill(worker: RunningCommand): Promise<void> {
      const exited = new Promise((r) => worker.child.once('exit', r));
      worker.child.kill('SIGKILL');
      await exited;
    },
  };
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lightsailFlows, type RunningCommand } from './cli-process';
import { waitUntil } from './fixtures';

/**
 * Workers as separate processes on a task queue of their own, for the tests that SIGKILL one in
 * the middle of a step and start another: `start()` resolves once the worker polls.
 */
export function workerProcesses(cliEnv: NodeJS.ProcessEnv, prefix: string) {
  const taskQueue = `${prefix}-${randomUUID().slice(0, 8)}`;
  const env = {
    ...cliEnv,
    LIGHTSAIL_FLOWS_TASK_QUEUE: taskQueue,
    LIGHTSAIL_FLOWS_DATA_DIR: mkdtempSync(join(tmpdir(), `${prefix}-`)),
  };
  return {
    taskQueue,
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
    /** Kills the worker at once, as a crashed host would, and waits until it has gone. */
    async kill(worker: RunningCommand): Promise<void> {
      const exited = new Promise((r) => worker.child.once('exit', r));
      worker.child.kill('SIGKILL');
      await exited;
    },
    /** Stops the worker as a deploy or a scale-down does (SIGTERM), and waits until it has gone. */
    async stop(worker: RunningCommand): Promise<void> {
      const exited = new Promise((r) => worker.child.once('exit', r));
      worker.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `the worker did not exit within 30 s of SIGTERM:\n${worker.output().stderr.slice(-2000)}`,
              ),
            ),
          30_000,
        );
      });
      try {
        await Promise.race([exited, stuck]);
      } finally {
        clearTimeout(timer);
      }
    },
    /** Kills the worker as a crash would and starts another in its place, polling. */
    async replace(worker: RunningCommand): Promise<RunningCommand> {
      await this.kill(worker);
      return this.start();
    },
  };
}

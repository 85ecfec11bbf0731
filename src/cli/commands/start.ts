import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { Command } from 'commander';
import { findProcedure, PROCEDURES } from '../../procedures';
import {
  InvalidProcedureInput,
  startProcedure,
  UnknownProcedure,
  validateProcedureInput,
} from '../../runs/start';
import { collectSet, inputFromFlags } from '../input-flags';
import { RunFailed } from '../run-failed';
import { withClient } from '../run-client';
import { UsageError } from '../usage-error';
import { progressViewFor, watchRun } from '../watch-run';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start a procedure')
    .argument('<procedure>', `one of: ${Object.keys(PROCEDURES).join(', ')}`)
    .option('-i, --input <file>', 'the input as a JSON file, or - for standard input')
    .option(
      '--set <path=value>',
      'set one input field (repeatable; over --input): source.snapshotName=web-1-base',
      collectSet,
    )
    .option('--id <run-id>', 'run id; starting the same id again does not start a second run')
    .option('-w, --wait', 'show progress until the run ends; exit non-zero if it fails')
    .addHelpText(
      'after',
      `\nExamples:\n  lightsail-flows start copy-snapshot --input examples/copy-snapshot.json --wait\n  lightsail-flows start copy-snapshot --set sourceRegion=us-east-1 --set targetRegions=eu-west-1 \\\n    --set source.type=manual --set source.snapshotName=web-1-base\n\n\`lightsail-flows procedures\` lists every procedure's input fields.`,
    )
    .action(
      async (
        name: string,
        opts: { input?: string; set?: [string[], unknown][]; id?: string; wait?: boolean },
      ) => {
        const input = inputFromFlags(opts);
        // Bad input is refused before connecting, so it gets exit code 2 even with no server.
        asUsageError(() => validateProcedureInput(name, input));
        await withClient(async (client, config) => {
          const run = await startProcedure(client, config.taskQueue, name, input, { workflowId: opts.id });
          console.error(
            run.started
              ? `Started ${name} as run ${run.workflowId}`
              : `A run with id ${run.workflowId} already exists; not starting another.`,
          );
          if (!opts.wait) {
            console.log(run.workflowId);
            return;
          }
          await followToEnd(run.handle, run.workflowId);
        });
      },
    );
}

/** Shows progress until the run ends; prints the result on stdout, or fails with the run's failure. */
export async function followToEnd(handle: WorkflowHandle, runId: string): Promise<void> {
  const started = Date.now();
  try {
    const result = await watchRun(handle, progressViewFor(process.stderr));
    console.error(`Run ${runId} completed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(JSON.stringify(result, null, 2));
  } catch (err) {
    if (err instanceof WorkflowFailedError) throw new RunFailed(runId, err);
    throw err;
  }
}

/** Bad input as the CLI reports it: exit code 2, the fields and rules, and an example input. */
export function asUsageError(check: () => unknown): void {
  try {
    check();
  } catch (err) {
    if (err instanceof InvalidProcedureInput) {
      const example = JSON.stringify(findProcedure(err.procedure)?.example ?? {}, null, 2);
      throw new UsageError(`${err.message}\nExample input:\n${example}`);
    }
    if (err instanceof UnknownProcedure) throw new UsageError(err.message);
    throw err;
  }
}

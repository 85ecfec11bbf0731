import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { UserFacingError } from '../../user-facing-error';
import { findProcedure, PROCEDURES } from '../../procedures';
import {
  InvalidProcedureInput,
  startProcedure,
  UnknownProcedure,
  validateProcedureInput,
} from '../../runs/start';
import { connectClient } from '../../temporal/connect';
import { readJsonInput } from '../read-input';
import { UsageError } from '../usage-error';
import { watchRun } from '../watch-run';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start a procedure')
    .argument('<procedure>', `one of: ${Object.keys(PROCEDURES).join(', ')}`)
    .requiredOption('-i, --input <file>', 'the input as a JSON file, or - for standard input')
    .option('--id <run-id>', 'run id; starting the same id again does not start a second run')
    .option('-w, --wait', 'show progress until the run ends; exit non-zero if it fails')
    .addHelpText(
      'after',
      `\nExample:\n  lightsail-flows start copy-snapshot --input examples/copy-snapshot.json --wait\n\nInput of copy-snapshot:\n${JSON.stringify(PROCEDURES['copy-snapshot']!.example, null, 2)}`,
    )
    .action(async (name: string, opts: { input: string; id?: string; wait?: boolean }) => {
      const input = readJsonInput(opts.input);
      const config = loadConfig();
      // Bad input is refused before connecting, so it gets exit code 2 even with no server.
      asUsageError(() => validateProcedureInput(name, input));
      const client = await connectClient(config.temporal);
      try {
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
        const started = Date.now();
        try {
          const result = await watchRun(run.handle, (line) => console.error(line));
          console.error(`Run ${run.workflowId} completed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          console.log(JSON.stringify(result, null, 2));
        } catch (err) {
          if (err instanceof WorkflowFailedError) throw new RunFailed(run.workflowId, err);
          throw err;
        }
      } finally {
        await client.connection.close();
      }
    });
}

/** A run that ended in failure: the CLI prints the failure's own message and exits 1. */
export class RunFailed extends UserFacingError {
  constructor(workflowId: string, err: WorkflowFailedError) {
    const cause = err.cause;
    const type = cause && 'type' in cause && typeof cause.type === 'string' ? `${cause.type}: ` : '';
    super(`Run ${workflowId} failed: ${type}${cause?.message ?? err.message}`);
  }
}

function asUsageError(check: () => unknown): void {
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

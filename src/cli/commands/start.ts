import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Command } from 'commander';
import { findProcedure, PROCEDURES } from '../../procedures';
import { InvalidId } from '../../runs/errors';
import { requireId } from '../../runs/ids';
import { runSummary } from '../../runs/inspect';
import {
  InvalidProcedureInput,
  startProcedure,
  UnknownProcedure,
  validateProcedureInput,
} from '../../runs/start';
import { RunId } from '../../schemas/ids';
import { runDuration } from '../duration';
import { collectSet, inputFromFlags, type SetFlag } from '../input-flags';
import { RUN_RUNBOOK_WORKFLOW } from '../../schemas/runbook';
import { RunFailed } from '../run-failed';
import { runbookInputFromFlags } from '../runbook-input';
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
    .option(
      '--file <runbook>',
      'runbook only: the runbook file, YAML or JSON (--set then sets its parameters)',
    )
    .option('--name <runbook>', 'runbook only: a runbook registered by name (LIGHTSAIL_FLOWS_RUNBOOKS_DIR)')
    .option('--id <run-id>', 'run id; starting the same id again does not start a second run')
    .option('-w, --wait', 'show progress until the run ends; exit non-zero if it fails')
    .addHelpText(
      'after',
      `\nExamples:\n  lightsail-flows start copy-snapshot --input examples/copy-snapshot.json --wait\n  lightsail-flows start copy-snapshot --set sourceRegion=us-east-1 --set targetRegions=eu-west-1 \\\n    --set source.type=manual --set source.snapshotName=web-1-base\n  lightsail-flows start runbook --file examples/runbooks/patch-fleet.yaml --set tagValue=prod --wait\n\n\`lightsail-flows procedures\` lists every procedure's input fields.`,
    )
    .action(async (name: string, opts: StartFlags) => {
      const input =
        opts.file !== undefined || opts.name !== undefined
          ? runbookFlagsFor(name, opts)
          : inputFromFlags(opts, findProcedure(name)?.schema);
      // Bad input is refused before connecting, so it gets exit code 2 even with no server.
      asUsageError(() => validateProcedureInput(name, input));
      if (opts.id !== undefined) asUsageError(() => requireId(RunId, opts.id!, '--id'));
      await withClient(async (client, config) => {
        const run = await startProcedure(client, config.taskQueue, name, input, {
          workflowId: opts.id,
          trigger: 'cli',
        });
        console.error(
          run.started
            ? `Started ${name} as run ${run.workflowId}`
            : `A run with id ${run.workflowId} already exists; not starting another.`,
        );
        if (!opts.wait) {
          console.log(run.workflowId);
          return;
        }
        await followToEnd(client, run.handle, run.workflowId);
      });
    });
}

interface StartFlags {
  input?: string;
  set?: SetFlag[];
  id?: string;
  wait?: boolean;
  file?: string;
  name?: string;
}

/** `--file`/`--name` start a runbook: refused, saying so, for any other procedure. */
export function runbookFlagsFor(
  procedure: string,
  opts: { file?: string; name?: string; set?: SetFlag[]; input?: string },
): unknown {
  if (findProcedure(procedure)?.workflowType !== RUN_RUNBOOK_WORKFLOW) {
    throw new UsageError(
      `--file and --name start a runbook (\`start runbook --file X.yaml\`); ${procedure} takes --input or --set.`,
    );
  }
  if (opts.input !== undefined)
    throw new UsageError('Give a runbook with --file or --name, not --input as well.');
  return runbookInputFromFlags(opts);
}

/** Shows progress until the run ends; prints the result on stdout, or fails with the run's failure. */
export async function followToEnd(client: Client, handle: WorkflowHandle, runId: string): Promise<void> {
  try {
    const result = await watchRun(handle, progressViewFor(process.stderr));
    // The run's own start and close times: a run watched after it ended took longer than the watch.
    const run = await runSummary(client, runId);
    console.error(`Run ${runId} completed in ${runDuration(run.startedAt, run.closedAt)}`);
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
      // A runbook's problems are in the runbook or its parameters: an example input would not help.
      if (findProcedure(err.procedure)?.workflowType === RUN_RUNBOOK_WORKFLOW) {
        throw new UsageError(`${err.message}\nNothing was started. The format: docs/runbooks.md.`);
      }
      const example = JSON.stringify(findProcedure(err.procedure)?.example ?? {}, null, 2);
      throw new UsageError(`${err.message}\nExample input:\n${example}`);
    }
    if (err instanceof UnknownProcedure || err instanceof InvalidId) throw new UsageError(err.message);
    throw err;
  }
}

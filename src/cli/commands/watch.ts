import type { Command } from 'commander';
import { runSummary } from '../../runs/inspect';
import { withClient } from '../run-client';
import { followToEnd } from './start';

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description("show a run's progress live until it ends, then its result (exit 1 if it failed)")
    .argument('<run>', 'the run id')
    .addHelpText(
      'after',
      '\nOn a terminal the steps redraw in place; in a pipe or a log, one line per change.',
    )
    .action(async (runId: string) => {
      await withClient(async (client) => {
        // Fails with "no run with id" before anything is drawn.
        await runSummary(client, runId);
        await followToEnd(client, client.workflow.getHandle(runId), runId);
      });
    });
}

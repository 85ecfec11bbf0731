import type { Command } from 'commander';
import { cancelRun, sendGate } from '../../runs/control';
import { withClient } from '../run-client';

/** approve, reject, rollback, finish-now and cancel: a person's answer to a running procedure. */
export function registerGates(program: Command): void {
  program
    .command('approve')
    .description('approve a run waiting for approval (a blue-green release before traffic moves)')
    .argument('<run>', 'the run id')
    .option('--by <name>', 'who approves, recorded in the run')
    .option('--comment <text>', 'a comment recorded in the run')
    .action(async (runId: string, opts: { by?: string; comment?: string }) => {
      await withClient(async (client) => console.log(await sendGate(client, runId, 'approve', opts)));
    });

  program
    .command('reject')
    .description('reject a run waiting for approval: it stops, and traffic never moves')
    .argument('<run>', 'the run id')
    .requiredOption('--reason <text>', 'why, recorded in the run and its failure')
    .option('--by <name>', 'who rejects')
    .action(async (runId: string, opts: { reason: string; by?: string }) => {
      await withClient(async (client) => console.log(await sendGate(client, runId, 'reject', opts)));
    });

  program
    .command('rollback')
    .description('roll a release back: traffic returns to the previous side')
    .argument('<run>', 'the run id')
    .requiredOption('--reason <text>', 'why, recorded in the run and its failure')
    .option('--by <name>', 'who rolls back')
    .action(async (runId: string, opts: { reason: string; by?: string }) => {
      await withClient(async (client) => console.log(await sendGate(client, runId, 'rollback', opts)));
    });

  program
    .command('finish-now')
    .description("end a migration's keep period now: the old instance and the run's snapshots are deleted")
    .argument('<run>', 'the run id')
    .option('--by <name>', 'who ends it, recorded in the run')
    .action(async (runId: string, opts: { by?: string }) => {
      await withClient(async (client) => console.log(await sendGate(client, runId, 'finish-now', opts)));
    });

  program
    .command('cancel')
    .description('cancel a run: it deletes what it created, as on any failure, and ends cancelled')
    .argument('<run>', 'the run id')
    .action(async (runId: string) => {
      await withClient(async (client) => {
        await cancelRun(client, runId);
        console.log(`Asked run ${runId} to cancel; \`lightsail-flows watch ${runId}\` follows its clean-up.`);
      });
    });
}

import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { loadConfig, type TemporalSettings } from '../../config';
import { LightsailClients } from '../../lightsail/clients';
import { lockHolder } from '../../locks/lock-holder';
import { planProcedure } from '../../plan/plan-procedure';
import { failedChecksMessage, renderPlan } from '../../plan/render';
import { findProcedure, PROCEDURES } from '../../procedures';
import { validateProcedureInput } from '../../runs/start';
import { connectClient } from '../../temporal/connect';
import { UserFacingError } from '../../user-facing-error';
import { collectSet, inputFromFlags, type SetFlag } from '../input-flags';
import { EXIT_FAILURE } from '../usage-error';
import { asUsageError, runbookFlagsFor } from './start';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('show what starting a procedure would do, reading Lightsail and changing nothing')
    .argument('<procedure>', `one of: ${Object.keys(PROCEDURES).join(', ')}`)
    .option('-i, --input <file>', 'the input as a JSON file, or - for standard input')
    .option('--set <path=value>', 'set one input field (repeatable; over --input), as for start', collectSet)
    .option('--json', 'print the plan as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 every check passed, 1 a check failed, 2 bad input.\n\nExample:\n  lightsail-flows plan copy-snapshot --input examples/copy-snapshot.json',
    )
    .option('--file <runbook>', 'runbook only: the runbook file (--set then sets its parameters)')
    .option('--name <runbook>', 'runbook only: a runbook registered by name')
    .action(
      async (
        name: string,
        opts: { input?: string; set?: SetFlag[]; json?: boolean; file?: string; name?: string },
      ) => {
        const input =
          opts.file !== undefined || opts.name !== undefined
            ? runbookFlagsFor(name, opts)
            : inputFromFlags(opts, findProcedure(name)?.schema);
        await planAndPrint(name, input, opts.json);
      },
    );
}

/** Plans and prints; exit 2 for bad input (before reading anything), 1 when a check failed. */
export async function planAndPrint(name: string, input: unknown, json?: boolean): Promise<void> {
  asUsageError(() => validateProcedureInput(name, input));
  const config = loadConfig();
  const clients = new LightsailClients(config.lightsail);
  const temporal = lazyLockHolder(config.temporal);
  try {
    const plan = await planProcedure({ clients, lockHolder: temporal.holder }, name, input);
    console.log(json ? JSON.stringify(plan, null, 2) : renderPlan(plan));
    if (!plan.ok) throw new UserFacingError(failedChecksMessage(plan), EXIT_FAILURE);
  } finally {
    clients.destroy();
    await temporal.close();
  }
}

/**
 * Connects to Temporal only when a check needs a name lock, and once: a plan without one works
 * with no Temporal server, and one that cannot reach it says which checks it could not make.
 */
function lazyLockHolder(settings: TemporalSettings) {
  let client: Promise<Client> | undefined;
  return {
    holder: async (lockId: string) => {
      // connectClient gives up within a few seconds, naming the address.
      client ??= connectClient(settings);
      return lockHolder(await client, lockId);
    },
    close: async () => {
      const connected = await client?.catch(() => undefined);
      await connected?.connection.close();
    },
  };
}

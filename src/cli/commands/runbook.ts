import type { Command } from 'commander';
import { RUNBOOKS_DIR_ENV, registeredRunbooks } from '../../runbooks/registry';
import { validateRunbook, pathText } from '../../runbooks/validate';
import { collectSet, type SetFlag } from '../input-flags';
import { readRunbookFile, runbookInputFromFlags } from '../runbook-input';
import { UsageError } from '../usage-error';
import { planAndPrint } from './plan';
import { sha256Hex } from '../../runbooks/sha256';

/** `lightsail-flows runbook validate|plan|list`: user runbooks checked and planned before they run. */
export function registerRunbook(program: Command): void {
  const runbook = program
    .command('runbook')
    .description('check, plan and list your own runbooks (docs/runbooks.md); start one with `start runbook`');

  runbook
    .command('validate')
    .description(
      'check a runbook: syntax, steps, actions and parameters against the Lightsail model, expressions, references',
    )
    .argument('<file>', 'the runbook, YAML or JSON (- for standard input)')
    .addHelpText(
      'after',
      '\nExit codes: 0 valid, 2 not valid (every problem printed as FILE:LINE: path: rule).',
    )
    .action((file: string) => {
      const text = readRunbookFile(file);
      const checked = validateRunbook(text);
      if (!checked.runbook) {
        const lines = checked.issues.map((i) => `${file}:${i.line ?? 1}: ${pathText(i.path)}: ${i.message}`);
        throw new UsageError(`${lines.join('\n')}\n${checked.issues.length} problem(s); nothing was run.`);
      }
      const steps = checked.runbook.steps.length;
      console.log(
        `${file}: runbook ${checked.runbook.runbook} is valid (${steps} step(s), sha256 ${sha256Hex(text).slice(0, 12)})`,
      );
    });

  runbook
    .command('plan')
    .description(
      'show the steps a runbook would take with its parameters, reading Lightsail and changing nothing',
    )
    .argument('<file>', 'the runbook, YAML or JSON')
    .option('--set <name=value>', 'a parameter (repeatable): --set tagValue=prod', collectSet)
    .option('--json', 'print the plan as JSON')
    .addHelpText('after', '\nExit codes: 0 every read worked, 1 a read failed, 2 bad runbook or parameters.')
    .action(async (file: string, opts: { set?: SetFlag[]; json?: boolean }) => {
      await planAndPrint('runbook', runbookInputFromFlags({ file, set: opts.set }), opts.json);
    });

  runbook
    .command('list')
    .description(`list the runbooks registered by name (the folder ${RUNBOOKS_DIR_ENV} names)`)
    .action(() => {
      const names = registeredRunbooks();
      if (!process.env[RUNBOOKS_DIR_ENV])
        console.error(`${RUNBOOKS_DIR_ENV} is not set: no runbooks are registered.`);
      for (const name of names) console.log(name);
    });
}

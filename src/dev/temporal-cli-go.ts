import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { withElapsedTime } from './elapsed';
import { isExecutable } from './executables';

/**
 * The fallback where the PyPI wheel cannot be had: building the CLI with `go install`. Later tags
 * carry a replace directive that `go install` refuses, so this builds an older CLI than the wheel.
 */
export const GO_CLI_VERSION = 'v1.5.1';
export const GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@${GO_CLI_VERSION}`;

/**
 * Builds the CLI with `go install` into a temporary GOBIN and renames it into place, under a
 * lock folder, so that parallel callers (a test run and `npm run dev`) build it only once.
 * Throws an Error saying what failed.
 */
export async function buildWithGo(go: string, target: string, log: (line: string) => void): Promise<void> {
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.building');
  if (!tryLock(lock)) {
    const builtByOther = await withElapsedTime(
      log,
      `Another process is building the Temporal CLI (lock ${lock}); waiting for it`,
      async () => {
        for (;;) {
          await new Promise((r) => setTimeout(r, 2_000));
          if (isExecutable(target)) return true;
          // The other build ended without a binary (it failed): build it here instead.
          if (tryLock(lock)) return false;
        }
      },
    );
    if (builtByOther) return;
  }
  try {
    if (isExecutable(target)) return;
    const gobin = join(lock, 'bin');
    log(
      `Building the Temporal CLI ${GO_CLI_VERSION} with \`go install ${GO_PACKAGE}\` into ${dir}.\n` +
        'This happens once per machine and takes a few minutes; later runs reuse the binary.',
    );
    const code = await withElapsedTime(
      log,
      `go install ${GO_PACKAGE}`,
      () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(go, ['install', GO_PACKAGE], {
            env: { ...process.env, GOBIN: gobin, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          child.on('error', reject);
          child.on('exit', (c) => resolve(c ?? 1));
        }),
    );
    const built = join(gobin, basename(target));
    if (code !== 0 || !isExecutable(built)) {
      throw new Error(`\`go install ${GO_PACKAGE}\` failed (exit ${code}).`);
    }
    renameSync(built, target);
    log(`Built the Temporal CLI: ${target}`);
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

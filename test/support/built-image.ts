import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCommand } from './cli-process';
import { ROOT } from './dev-stack-process';

/**
 * The image's contents, laid out as the Dockerfile's final stage lays them out: package.json,
 * bin/ and the build output of `npm run build` (dist/), with no sources and no tsconfig. Its
 * node_modules is the checkout's (a link; the image's holds the production dependencies only).
 * Built once per test run, into a temporary folder, so the tests never read a checkout's dist/
 * and `npm test` needs no build beforehand.
 */
export interface BuiltImage {
  root: string;
  /** What `npm run build` printed. */
  buildOutput: string;
}

let built: Promise<BuiltImage> | undefined;

export function builtImage(): Promise<BuiltImage> {
  built ??= build();
  return built;
}

async function build(): Promise<BuiltImage> {
  const root = mkdtempSync(join(tmpdir(), 'built-image-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'bin'));
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const run = await spawnCommand('npm', ['run', 'build', '--', '--out', join(root, 'dist')], process.env)
    .done;
  if (run.code !== 0) throw new Error(`npm run build failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  return { root, buildOutput: run.stdout };
}

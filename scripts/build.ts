/**
 * `npm run build [-- --out <dir>]` (default dist/): compiles src/, workflows/ and activities/ to
 * JavaScript with tsc (tsconfig.build.json), bundles the workflow code once with the worker's
 * interceptor and preloaded modules (src/workflow-bundle.ts), bundles the call budgets' workflows
 * apart, and writes build-info.json (the build id and the build's start time).
 * A worker running from the output loads the bundle (`workflowBundle: { codePath }`) instead of
 * bundling at every start; bin/lightsail-flows.cjs runs the output when it is not stale.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Command } from 'commander';
import {
  BUDGET_WORKFLOW_BUNDLE_FILE,
  BUILD_INFO_FILE,
  WORKFLOW_BUNDLE_FILE,
  type BuildInfo,
} from '../src/build-output';
import {
  BUDGET_WORKFLOWS_PATH,
  QUIET_BUNDLER_LOGGER,
  WORKFLOW_BUNDLER_OPTIONS,
  withoutSourcesContent,
} from '../src/workflow-bundle';

const ROOT = join(__dirname, '..');

async function build(out: string): Promise<BuildInfo> {
  const startedAtMs = Date.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status ?? tsc.signal})`);

  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    ...WORKFLOW_BUNDLER_OPTIONS,
    logger: QUIET_BUNDLER_LOGGER,
  });
  writeFileSync(join(out, WORKFLOW_BUNDLE_FILE), withoutSourcesContent(code));
  const budgets = await bundleWorkflowCode({
    workflowsPath: BUDGET_WORKFLOWS_PATH,
    logger: QUIET_BUNDLER_LOGGER,
  });
  writeFileSync(join(out, BUDGET_WORKFLOW_BUNDLE_FILE), withoutSourcesContent(budgets.code));

  const info: BuildInfo = { buildId: hashOf(out), startedAtMs };
  writeFileSync(join(out, BUILD_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

/** sha256 over every file's path and content, in a fixed order: the same sources give the same id. */
function hashOf(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir).sort()) {
    hash.update(`${relative(dir, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const options = new Command('build')
  .option('--out <dir>', 'where to write the build', 'dist')
  .parse()
  .opts<{ out: string }>();
const out = resolve(options.out);
const started = Date.now();
build(out).then(
  (info) =>
    console.log(
      `Built ${relative(process.cwd(), out) || out} (build id ${info.buildId}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);

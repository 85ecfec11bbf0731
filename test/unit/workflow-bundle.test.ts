import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { createContext, runInContext } from 'node:vm';
import { bundleWorkflowCode } from '@temporalio/worker';
import { inlineSourceMap, WORKFLOW_BUNDLER_OPTIONS, withoutSourcesContent } from '../../src/workflow-bundle';

let bundling: Promise<string> | undefined;

/** The workflow bundle as the worker's bundler makes it, once for both suites (a few seconds). */
function bundle(): Promise<string> {
  bundling ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    ...WORKFLOW_BUNDLER_OPTIONS,
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  }).then(({ code }) => code);
  return bundling;
}

/** The code and the inline source map of a bundle, which must have one. */
function split(code: string) {
  const parts = inlineSourceMap(code);
  assert.ok(parts, 'the bundle ends with an inline source map');
  return parts;
}

/**
 * The worker's reusable V8 context gives each run its own copy of every module the run loads
 * (the SDK routes webpack's module cache to the run's activator), except the modules preloaded
 * before any run exists, which all runs share. This evaluates the bundle the way the worker
 * does, up to the point where a run's workflow function is called, and reads what a run loaded.
 */
function modulesOfOneRun(code: string) {
  const shared = new Map<string | symbol, unknown>();
  const run = new Map<string | symbol, unknown>();
  const context = createContext({ console, TextEncoder, TextDecoder, URL, AbortController });
  let runExists = false;
  context.__webpack_module_cache__ = new Proxy(
    {},
    {
      get: (_, id) => shared.get(id) ?? (runExists ? run.get(id) : undefined),
      set: (_, id, value) => {
        (runExists ? run : shared).set(id, value);
        return true;
      },
    },
  );
  runInContext(code, context);
  runInContext('__TEMPORAL__.preloadModules()', context);
  runExists = true;
  runInContext('__TEMPORAL__.importWorkflows(); __TEMPORAL__.importInterceptors()', context);
  const ids = (m: Map<string | symbol, unknown>) => [...m.keys()].map(String);
  return { shared: ids(shared), run: ids(run) };
}

describe('the workflow bundle: what each run the worker keeps in memory loads for itself', function () {
  // Bundling takes a few seconds, more on a busy machine.
  this.timeout(120_000);
  let modules: ReturnType<typeof modulesOfOneRun>;
  before(async () => {
    modules = modulesOfOneRun(await bundle());
  });

  it('loads no procedure, no zod and no OpenTelemetry before the run calls its workflow', () => {
    const heavy = modules.run.filter((id) =>
      /workflows\/(copy-snapshot|blue-green|export-to-ec2|migrate-instance|restore-database|run-runbook|failover|dr-drill)|node_modules\/(zod|yaml|@opentelemetry)\//.test(
        id,
      ),
    );
    assert.deepEqual(heavy, []);
    assert.ok(
      modules.run.length < 30,
      `a run loads ${modules.run.length} modules on its own: ${modules.run.join(', ')}`,
    );
  });

  it('shares the Lightsail service model between runs instead of parsing it for each', () => {
    assert.ok(modules.shared.some((id) => id.endsWith('service-model.json')));
    assert.ok(!modules.run.some((id) => id.endsWith('service-model.json')));
  });
});

describe('the workflow bundle as the build writes it (withoutSourcesContent)', function () {
  this.timeout(120_000);
  let full: ReturnType<typeof split>;
  let slim: ReturnType<typeof split>;
  let slimCode: string;
  before(async () => {
    const code = await bundle();
    full = split(code);
    slimCode = withoutSourcesContent(code);
    slim = split(slimCode);
  });

  it('keeps the code and the mappings and drops the sources’ text, most of the bundle', () => {
    assert.ok(full.map.sourcesContent?.length, 'the bundler inlines the sources’ text');
    assert.equal(slim.map.sourcesContent, undefined);
    assert.equal(slim.code, full.code);
    assert.deepEqual(slim.map.sources, full.map.sources);
    assert.equal(slim.map.mappings, full.map.mappings);
    assert.ok(slimCode.length < 0.7 * (full.code.length + JSON.stringify(full.map).length));
  });

  it('still maps a workflow’s code in the bundle to its source file and line, for stack traces', () => {
    const at = slim.code.indexOf('function copySnapshotAcrossRegions(');
    assert.ok(at > 0, 'the entry of copySnapshotAcrossRegions is in the bundle');
    const before = slim.code.slice(0, at).split('\n');
    const entry = new SourceMap(slim.map as ConstructorParameters<typeof SourceMap>[0]).findEntry(
      before.length - 1,
      before.at(-1)!.length,
    );
    assert.ok('originalSource' in entry, 'a mapping at the function');
    assert.match(entry.originalSource, /workflows\/copy-snapshot-across-regions\.ts$/);
    const sourceLine = readFileSync(entry.originalSource, 'utf8').split('\n')[entry.originalLine];
    assert.match(sourceLine ?? '', /function copySnapshotAcrossRegions\(/);
  });

  it('returns a bundle without an inline source map as it is', () => {
    assert.equal(withoutSourcesContent('var a = 1;\n'), 'var a = 1;\n');
  });
});

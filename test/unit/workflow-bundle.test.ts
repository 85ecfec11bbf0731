import { strict as assert } from 'node:assert';
import { createContext, runInContext } from 'node:vm';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLER_OPTIONS } from '../../src/workflow-bundle';

/**
 * The worker's reusable V8 context gives each run its own copy of every module the run loads
 * (the SDK routes webpack's module cache to the run's activator), except the modules preloaded
 * before any run exists, which all runs share. This evaluates the bundle the way the worker
 * does, up to the point where a run's workflow function is called, and reads what a run loaded.
 */
async function modulesOfOneRun() {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    ...WORKFLOW_BUNDLER_OPTIONS,
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  });
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
  let modules: Awaited<ReturnType<typeof modulesOfOneRun>>;
  before(async () => {
    modules = await modulesOfOneRun();
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

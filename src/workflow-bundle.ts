/**
 * How the workflow code is bundled: the same way by a worker bundling at its start, by
 * `npm run build`, by the tests and by the benchmark, so that what they run is what ships.
 */

/**
 * Workflow interceptor modules, bundled with the workflows: the failure type on "Workflow
 * failed" log lines, the runs started and ended for the metrics, and spans for runs started
 * with a trace context (see the modules). A prebuilt bundle must be made with them too.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  require.resolve('../workflows/support/failure-log-attributes'),
  require.resolve('../workflows/support/run-metrics'),
  require.resolve('../workflows/support/tracing'),
];

/**
 * Modules the worker evaluates once in its workflow context and shares between runs (the SDK's
 * preloaded modules of its reusable V8 context), instead of once for every run it keeps in memory:
 * the Lightsail service model that runbooks are checked against, 0.24 MiB of objects a run.
 *
 * Only data that nothing changes belongs here: the SDK freezes what these modules export. Code
 * cannot be shared this way: zod binds a schema's methods on first use, which a frozen schema
 * refuses, so the procedures' modules are loaded by each run instead, and only its own
 * (workflows/index.ts).
 */
export const WORKFLOW_PRELOAD_MODULES = [
  require.resolve('./emulator/reference/service-model.json'),
  require.resolve('./emulator/reference/sensitive-params.json'),
];

/** The options of `bundleWorkflowCode` and of a worker's `bundlerOptions` besides the workflows. */
export const WORKFLOW_BUNDLER_OPTIONS = {
  workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
  preloadModules: WORKFLOW_PRELOAD_MODULES,
};

/**
 * The workflows the workers share (the call budgets and the wait reader's lease), bundled apart:
 * the budgets' Worker runs nothing else, so its thread need not load every procedure and the
 * service model (what that saved, and what the benchmark could not show of it:
 * docs/performance.md). No interceptors: a budget or a lease is not a run.
 */
export const BUDGET_WORKFLOWS_PATH = require.resolve('../workflows/budget');

/** The bundler's progress lines are noise in a log; its warnings and errors are not. */
export const QUIET_BUNDLER_LOGGER = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

const INLINE_SOURCE_MAP = '//# sourceMappingURL=data:';

/**
 * A bundle whose inline source map keeps its mappings (stack traces still name the source files
 * and lines) but not the sources' text, which is most of it and which only a debugger shows.
 * Each Worker's thread holds its bundle's map parsed, and the worker's main thread reads it
 * too (docs/performance.md, "What a bundle's source map cost"). The SDK needs an inline map, so
 * a bundle without one is returned as it is.
 */
export function withoutSourcesContent(code: string): string {
  const at = code.lastIndexOf(INLINE_SOURCE_MAP);
  const base64At = at < 0 ? -1 : code.indexOf('base64,', at);
  if (base64At < 0) return code;
  const map = JSON.parse(
    Buffer.from(code.slice(base64At + 'base64,'.length).trimEnd(), 'base64').toString(),
  ) as { sourcesContent?: unknown };
  delete map.sourcesContent;
  const base64 = Buffer.from(JSON.stringify(map)).toString('base64');
  return `${code.slice(0, base64At)}base64,${base64}\n`;
}

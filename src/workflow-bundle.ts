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

/** A bundle's inline source map, as the SDK's worker finds it (the map's fields the build touches). */
export interface InlineSourceMap {
  sources: string[];
  mappings: string;
  sourcesContent?: (string | null)[];
}

/**
 * Splits a bundle into its code, the head of its inline source map comment (up to `base64,`)
 * and the map, which the SDK requires at its end (the last such comment); undefined without one.
 */
export function inlineSourceMap(
  bundle: string,
): { code: string; comment: string; map: InlineSourceMap } | undefined {
  const at = bundle.lastIndexOf('//# sourceMappingURL=data:');
  const base64At = at < 0 ? -1 : bundle.indexOf('base64,', at);
  if (base64At < 0) return undefined;
  const base64 = bundle.slice(base64At + 'base64,'.length).trimEnd();
  return {
    code: bundle.slice(0, at),
    comment: bundle.slice(at, base64At + 'base64,'.length),
    map: JSON.parse(Buffer.from(base64, 'base64').toString()) as InlineSourceMap,
  };
}

/**
 * A bundle whose inline source map keeps its mappings (stack traces still name the source files
 * and lines) but not the sources' text, which is most of it and which only a debugger shows.
 * Each Worker's thread holds its bundle's map parsed, and the worker's main thread reads it
 * too (docs/performance.md, "What a bundle's source map cost"). The SDK needs an inline map, so
 * a bundle without one is returned as it is.
 */
export function withoutSourcesContent(bundle: string): string {
  const split = inlineSourceMap(bundle);
  if (!split) return bundle;
  const map = { ...split.map };
  delete map.sourcesContent;
  return `${split.code}${split.comment}${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

import {
  bundleWorkflowCode,
  Worker,
  type NativeConnection,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { BUDGET_WORKFLOW_BUNDLE_FILE, prebuiltWorkflowBundle } from '../build-output';
import { CALL_BUDGET_TASK_QUEUE } from '../schemas/call-budget';
import { BUDGET_WORKFLOWS_PATH, QUIET_BUNDLER_LOGGER, withoutSourcesContent } from '../workflow-bundle';

/**
 * The worker of the regions' call budgets (workflows/budget), beside each worker of the runs in
 * the same process: its own task queue and its own slots, so a budget's answer never waits
 * behind runs whose workflow tasks wait for a slot it gives. Unversioned: a budget has no steps
 * to pin (docs/rollouts.md). Its thread loads only the budgets' bundle, not the procedures', and
 * no interceptors: a budget has no activities and is not a run the metrics or traces count.
 */
export async function createCallBudgetWorker(options: {
  connection: NativeConnection;
  namespace: string;
  dataConverter?: DataConverter;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: CALL_BUDGET_TASK_QUEUE,
    workflowBundle: await budgetWorkflowBundle(),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    // A budget is a handful of variables, and a namespace has one a region.
    maxCachedWorkflows: 50,
    maxConcurrentWorkflowTaskExecutions: 10,
    maxConcurrentActivityTaskExecutions: 1,
  });
}

let fromSources: Promise<WorkflowBundleOption> | undefined;

/** The build's budget bundle; without a build, bundled from the sources once a process. */
function budgetWorkflowBundle(): Promise<WorkflowBundleOption> {
  const codePath = prebuiltWorkflowBundle(undefined, BUDGET_WORKFLOW_BUNDLE_FILE);
  if (codePath) return Promise.resolve({ codePath });
  fromSources ??= bundleWorkflowCode({
    workflowsPath: BUDGET_WORKFLOWS_PATH,
    logger: QUIET_BUNDLER_LOGGER,
  }).then(({ code }) => ({ code: withoutSourcesContent(code) }));
  return fromSources;
}

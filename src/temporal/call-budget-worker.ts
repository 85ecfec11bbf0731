import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { workerObservability } from '../observability/worker-observability';
import { CALL_BUDGET_TASK_QUEUE } from '../schemas/call-budget';

/**
 * The worker of the regions' call budgets (workflows/budget), beside each worker of the runs in
 * the same process: its own task queue and its own slots, so a budget's answer never waits
 * behind runs whose workflow tasks wait for a slot it gives. Unversioned: a budget has no steps
 * to pin (docs/rollouts.md).
 */
export function createCallBudgetWorker(options: {
  connection: NativeConnection;
  namespace: string;
  workflowBundle: WorkflowBundleOption;
  dataConverter?: DataConverter;
}): Promise<Worker> {
  const observed = workerObservability.workerOptions();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: CALL_BUDGET_TASK_QUEUE,
    workflowBundle: options.workflowBundle,
    interceptors: observed.interceptors,
    sinks: observed.sinks,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    // A budget is a handful of variables, and a namespace has one a region.
    maxCachedWorkflows: 50,
    maxConcurrentWorkflowTaskExecutions: 10,
    maxConcurrentActivityTaskExecutions: 1,
  });
}

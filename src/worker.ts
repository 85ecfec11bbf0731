import {
  Worker,
  type NativeConnection,
  type WorkflowBundleOption,
  type WorkflowBundlePath,
} from '@temporalio/worker';
import { getHeapStatistics } from 'node:v8';
import { Client } from '@temporalio/client';
import { createActivities } from '../activities';
import { prebuiltWorkflowBundle } from './build-output';
import { dataConverterFor } from './codec/data-converter';
import type { CodecKeys } from './codec/keys';
import { DEFAULT_MAX_CONCURRENT_ACTIVITIES, type Config, type LightsailSettings } from './config';
import { LightsailClients } from './lightsail/clients';
import { waitReading } from './observability/worker-metrics';
import { workerObservability } from './observability/worker-observability';
import { CALL_BUDGET_TASK_QUEUE } from './schemas/call-budget';
import { AsyncWaits } from './temporal/async-waits';
import { configureWorkerHeap } from './temporal/worker-heap';
import { createCallBudgetWorker } from './temporal/call-budget-worker';
import { SharedCallBudget } from './temporal/shared-call-budget';
import { WaitReader, workerProcessId, type Reading } from './temporal/wait-reader';
import { waitsTaskQueue } from './schemas/wait-reader';
import { connectWorker } from './temporal/connect';
import { workerDeploymentOptions, type VersioningSettings } from './versioning';
import { WORKFLOW_BUNDLER_OPTIONS } from './workflow-bundle';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  lightsail: LightsailSettings;
  /**
   * A bundle made once and shared (tests). By default, the build's bundle when running from the
   * build output (`npm run build`), else the worker bundles workflows/ itself.
   */
  workflowBundle?: WorkflowBundleOption;
  /** Payload encryption keys; the clients starting and reading runs must use the same. */
  codec?: CodecKeys;
  /** Activities at once (DEFAULT_MAX_CONCURRENT_ACTIVITIES): each waiting run holds one. */
  maxConcurrentActivities?: number;
  /**
   * Runs kept in memory between tasks (about 3 MiB each, see the capacity figures in
   * docs/performance.md; defaultMaxCachedWorkflows by default); a run evicted from the cache is
   * replayed from its short history when its wait ends.
   */
  maxCachedWorkflows?: number;
  /** Worker Versioning: this worker's deployment and build id; undefined: unversioned. */
  versioning?: VersioningSettings;
}

export interface CreatedWorker {
  /** The worker of the runs' task queue. */
  worker: Worker;
  /**
   * Runs it, with the call budgets' worker and the waits queue's beside it, until it stops; then
   * hands the waits it held back to Temporal. Its connection must stay open until this resolves.
   */
  run: () => Promise<void>;
  clients: LightsailClients;
}

/**
 * The worker: every workflow in workflows/ and every activity, on one task queue, and the same
 * activities on its waits queue, where runs schedule their waits (src/schemas/wait-reader.ts).
 * With paced calls and the shared budget (the default), a second worker in the same process
 * runs the regions' call budgets and the wait reader's lease on their own task queue
 * (src/schemas/call-budget.ts), and the waits queue is polled only while this worker holds the
 * lease; otherwise always.
 */
export async function createWorker(options: WorkerOptions): Promise<CreatedWorker> {
  const dataConverter = dataConverterFor(options.codec);
  // Waits complete their activities through Temporal, on the worker's own connection and with
  // its data converter, so a completion is encrypted like any other payload.
  const temporalClient = new Client({
    connection: options.connection,
    namespace: options.namespace,
    dataConverter,
  });
  const { callsPerSecond, callBudget = 'shared' } = options.lightsail;
  const shared =
    callsPerSecond !== undefined && callBudget === 'shared'
      ? new SharedCallBudget(temporalClient, callsPerSecond)
      : undefined;
  const clients = new LightsailClients(options.lightsail, shared && ((region) => shared.forRegion(region)));
  const asyncWaits = new AsyncWaits(temporalClient.activity);
  // One set of activities for both Workers: one watcher per region, whichever queue a wait came by.
  const activities = createActivities({ clients, asyncWaits });
  const workflowBundle = options.workflowBundle ?? builtBundle();
  const observed = workerObservability.workerOptions();
  const maxConcurrentActivityTaskExecutions =
    options.maxConcurrentActivities ?? DEFAULT_MAX_CONCURRENT_ACTIVITIES;
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(workflowBundle
      ? { workflowBundle }
      : {
          workflowsPath: require.resolve('../workflows'),
          bundlerOptions: { preloadModules: WORKFLOW_BUNDLER_OPTIONS.preloadModules },
        }),
    interceptors: {
      ...observed.interceptors,
      ...(workflowBundle ? {} : { workflowModules: WORKFLOW_BUNDLER_OPTIONS.workflowInterceptorModules }),
    },
    sinks: observed.sinks,
    activities,
    // Waits on operations hold no slot (AsyncWaits); runs from before that, bakes and lock
    // waits do, for as long as they last.
    maxConcurrentActivityTaskExecutions,
    maxCachedWorkflows: options.maxCachedWorkflows ?? defaultMaxCachedWorkflows(),
    dataConverter,
    ...(options.versioning ? { workerDeploymentOptions: workerDeploymentOptions(options.versioning) } : {}),
  });
  // A stopped worker's clients are destroyed: its waits must not fail runs on reads that fail.
  asyncWaits.settleWhile(() => !['STOPPED', 'FAILED'].includes(worker.getState()));
  // The waits queue's Worker (src/schemas/wait-reader.ts): activities only, in the same Worker
  // Deployment version as the runs' (a versioned run's activities go to its own version).
  const startReading = async (): Promise<Reading> =>
    waitsWorkerPart(
      await Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: waitsTaskQueue(options.taskQueue),
        interceptors: { activity: observed.interceptors?.activity ?? [] },
        activities,
        maxConcurrentActivityTaskExecutions,
        dataConverter,
        ...(options.versioning
          ? { workerDeploymentOptions: workerDeploymentOptions(options.versioning) }
          : {}),
      }),
    );
  const budgets = shared
    ? await createCallBudgetWorker({
        connection: options.connection,
        namespace: options.namespace,
        dataConverter,
      })
    : undefined;
  const parts = [
    workerPart(worker),
    ...(budgets ? [workerPart(budgets)] : []),
    // With one budget for all the workers, one of them reads for all their waits; a worker that
    // paces alone, or not at all, reads its own.
    budgets
      ? new WaitReader({
          client: temporalClient,
          taskQueue: options.taskQueue,
          version: options.versioning && `${options.versioning.deploymentName}.${options.versioning.buildId}`,
          workerId: workerProcessId(),
          startReading,
        })
      : await startReading(),
  ];
  const run = async () => {
    try {
      await runTogether(parts);
    } finally {
      // The Workers have stopped and the connection is still open: the waits this worker held
      // go on at once elsewhere instead of after their leases.
      const handed = await asyncWaits.handBack();
      if (handed > 0) console.error(`Handed ${handed} waits back to Temporal for the other workers`);
      // A read still waiting for its turn would ask the budget for ever, holding the exit.
      shared?.close();
    }
  };
  return { worker, clients, run };
}

/** The waits queue's Worker as a part, shown by the wait reader gauge while it polls. */
function waitsWorkerPart(worker: Worker): Reading {
  const part = workerPart(worker);
  return {
    run: async () => {
      waitReading.set(1);
      try {
        await part.run();
      } finally {
        waitReading.set(0);
      }
    },
    stop: () => part.stop(),
  };
}

/** A Worker as a part of the worker process: run until stopped. */
function workerPart(worker: Worker): Reading {
  return {
    run: () => worker.run(),
    stop: () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    },
  };
}

/** Runs the parts of the worker together: any stopping, or failing, stops them all. */
async function runTogether(parts: Reading[]): Promise<void> {
  const stopAll = () => parts.forEach((part) => part.stop());
  const ended = await Promise.allSettled(parts.map((part) => part.run().finally(stopAll)));
  const failed = ended.find((end): end is PromiseRejectedResult => end.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Measured: a cached run costs about 3 MiB of the workflow thread's heap (docs/performance.md). */
const CACHED_RUN_MIB = 4;
/** The heap the workflow code itself and the worker's own work need besides the cached runs. */
const HEAP_RESERVE_MIB = 600;

/**
 * How many runs to keep cached when the configuration does not say: what the heap holds at
 * CACHED_RUN_MIB each. The SDK's own default assumes about 1.7 MiB a run, which ran the workflow
 * thread out of memory with 2,000 runs waiting; a run evicted from the cache only costs a replay
 * of its short history when its wait ends. Fewer would save memory while thousands wait, but a
 * cache smaller than the runs working at once (with their name locks) replays them at every
 * step: a cap of 250 took 200 concurrent copies with instant operations from 11.1 to 9.8 a
 * second (docs/performance.md, "Heaps that give memory back").
 */
export function defaultMaxCachedWorkflows(
  heapLimitMiB = getHeapStatistics().heap_size_limit / 2 ** 20,
): number {
  return Math.max(10, Math.floor((heapLimitMiB - HEAP_RESERVE_MIB) / CACHED_RUN_MIB));
}

/** The bundle `npm run build` made, when this code runs from the build output. */
function builtBundle(): WorkflowBundlePath | undefined {
  const codePath = prebuiltWorkflowBundle();
  return codePath ? { codePath } : undefined;
}

/** How this worker paces its Lightsail calls, for its start line. */
function pacingLine({ callsPerSecond, callBudget = 'shared' }: LightsailSettings): string {
  if (callsPerSecond === undefined) return 'calls unpaced; ';
  return callBudget === 'shared'
    ? `calls at most ${callsPerSecond}/s per region for all workers together (budgets on task queue "${CALL_BUDGET_TASK_QUEUE}"); `
    : `calls at most ${callsPerSecond}/s per region from this worker; `;
}

/** `lightsail-flows worker`: connects with the configuration and runs until SIGINT or SIGTERM. */
export async function runWorker(config: Config): Promise<void> {
  // Before the Worker starts its workflow thread, whose heap holds the runs.
  configureWorkerHeap(config.workerHeap);
  const sdkMetricsUrl = config.metricsAddress ? await workerObservability.installRuntime() : undefined;
  const connection = await connectWorker(config.temporal);
  const { worker, clients, run } = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    lightsail: config.lightsail,
    codec: config.temporal.codec,
    maxConcurrentActivities: config.maxConcurrentActivities,
    maxCachedWorkflows: config.maxCachedWorkflows,
    versioning: config.versioning,
  });
  const http = config.metricsAddress
    ? await workerObservability.serve(config.metricsAddress, { worker, connection, sdkMetricsUrl })
    : undefined;
  const bundle = prebuiltWorkflowBundle();
  console.error(
    `Worker polling task queue "${config.taskQueue}" in namespace "${config.temporal.namespace}" at ` +
      `${config.temporal.connection.address}; Lightsail: ${config.lightsail.endpoint ?? 'AWS (default credential chain)'}; ` +
      pacingLine(config.lightsail) +
      `heap: ${config.workerHeap}; ` +
      (http ? `metrics and health: ${http.url}; ` : '') +
      `workflow code: ${bundle ? `the build's bundle ${bundle}` : 'bundled from workflows/ at start'}; ` +
      (config.versioning
        ? `Worker Deployment "${config.versioning.deploymentName}", build id ${config.versioning.buildId}; `
        : '') +
      // From process start, so it includes loading the code (and bundling, without a build).
      `ready ${process.uptime().toFixed(2)} s after the process started`,
  );
  try {
    await run();
  } finally {
    await http?.close();
    clients.destroy();
    await connection.close();
  }
}

import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The worker's own metric families, in one registry that the worker's HTTP server serves beside
 * the Temporal SDK's (see worker-http.ts). Module-level, because the Lightsail layer records into
 * them from wherever a call is made; a process that never serves them (the CLI) only pays for
 * a few counters in memory.
 *
 * Label values are bounded sets: procedures, activity names, Lightsail actions, regions and
 * outcomes. Never put a run id, a resource name or anything a caller typed in a label.
 */
export const workerRegistry = new Registry();

const registers = [workerRegistry];

/** Seconds; from a quick read (tens of ms) to a long wait held in one activity (minutes). */
const STEP_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
/** Seconds; a Lightsail call answers in well under a second, a hung one times out at 10 s. */
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds a call waited for its turn under LIGHTSAIL_CALLS_PER_SECOND; 0 when it did not wait. */
const PACER_BUCKETS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const runsStarted = new Counter({
  name: 'lightsail_flows_runs_started_total',
  help: 'Runs this worker started executing, by procedure',
  labelNames: ['procedure'] as const,
  registers,
});

export const runsEnded = new Counter({
  name: 'lightsail_flows_runs_ended_total',
  help: 'Runs that ended on this worker, by procedure and outcome (completed, failed, cancelled, continued_as_new)',
  labelNames: ['procedure', 'outcome'] as const,
  registers,
});

export const stepDuration = new Histogram({
  name: 'lightsail_flows_step_duration_seconds',
  help: 'Duration of one attempt of a step (activity), by procedure, step and outcome (ok, failed, cancelled)',
  labelNames: ['procedure', 'step', 'outcome'] as const,
  buckets: STEP_BUCKETS,
  registers,
});

export const lightsailCalls = new Counter({
  name: 'lightsail_flows_lightsail_calls_total',
  help:
    'Lightsail API calls, by region, action and outcome: ok; throttled (ThrottlingException); ' +
    'retried (another retryable failure, asked again later); failed (a refusal that will not change)',
  labelNames: ['region', 'action', 'outcome'] as const,
  registers,
});

export const lightsailCallDuration = new Histogram({
  name: 'lightsail_flows_lightsail_call_duration_seconds',
  help: 'Duration of Lightsail API calls including pacing and SDK retries, by region and action',
  labelNames: ['region', 'action'] as const,
  buckets: CALL_BUCKETS,
  registers,
});

export const watcherRounds = new Counter({
  name: 'lightsail_flows_watcher_rounds_total',
  help: 'Rounds of the operation watcher: one read of the waited-on operations in a region',
  labelNames: ['region'] as const,
  registers,
});

export const watcherWaitingOperations = new Gauge({
  name: 'lightsail_flows_watcher_waiting_operations',
  help: 'Lightsail operations the watcher is waiting on now, by region',
  labelNames: ['region'] as const,
  registers,
});

export const asyncWaitsHeld = new Gauge({
  name: 'lightsail_flows_async_waits_held',
  help: 'Waits this worker holds for activities it completes later (no slot held): runs waiting on operations',
  registers,
});

export const waitReading = new Gauge({
  name: 'lightsail_flows_wait_reader',
  help: "1 while this worker polls its task queue's waits queue (the wait reader of all its workers, or a worker reading its own), else 0",
  registers,
});

export const pacerQueueDepth = new Gauge({
  name: 'lightsail_flows_pacer_queue_depth',
  help: 'Lightsail calls waiting for their turn under LIGHTSAIL_CALLS_PER_SECOND now, by region',
  labelNames: ['region'] as const,
  registers,
});

export const pacerDelay = new Histogram({
  name: 'lightsail_flows_pacer_delay_seconds',
  help: 'How long each paced Lightsail call waited for its turn, by region',
  labelNames: ['region'] as const,
  buckets: PACER_BUCKETS,
  registers,
});

import {
  ContinueAsNew,
  isCancellation,
  proxySinks,
  type Sinks,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** Outcomes of a run, as lightsail_flows_runs_ended_total labels them. */
export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'continued_as_new';

/** What a run tells the worker's metrics; implemented in src/observability/run-metrics-sinks.ts. */
export interface RunMetricsSinks extends Sinks {
  runMetrics: {
    started(): void;
    ended(outcome: RunOutcome): void;
  };
}

const { runMetrics } = proxySinks<RunMetricsSinks>();

/**
 * Counts runs started and ended by outcome. Sink calls leave the sandbox without a command and
 * are not made while a run replays, so a run evicted from the cache and replayed is not counted
 * again (the worker's side also drops a second call for the same run), and recorded histories
 * replay alike with or without this module (src/worker.ts).
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        runMetrics.started();
        try {
          const result = await next(input);
          runMetrics.ended('completed');
          return result;
        } catch (err) {
          runMetrics.ended(
            err instanceof ContinueAsNew ? 'continued_as_new' : isCancellation(err) ? 'cancelled' : 'failed',
          );
          throw err;
        }
      },
    },
  ],
});

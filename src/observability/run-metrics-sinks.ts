import type { InjectedSinks } from '@temporalio/worker';
import type { RunMetricsSinks } from '../../workflows/support/run-metrics';
import { procedureOf } from './procedure-label';
import { runsEnded, runsStarted } from './worker-metrics';

/** Runs remembered per counter: far more than end within the time a task is retried. */
const REMEMBERED_RUNS = 10_000;

/**
 * Run ids already counted, oldest forgotten first. A workflow task that the server refuses at
 * completion (a signal came in meanwhile: UnhandledCommand) is run again after a replay that
 * stops short of the new end, so the run's code reaches its end, not replaying, a second time.
 */
class CountedRuns {
  private readonly ids = new Set<string>();

  /** True the first time a run id is seen. */
  first(runId: string): boolean {
    if (this.ids.has(runId)) return false;
    this.ids.add(runId);
    if (this.ids.size > REMEMBERED_RUNS) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

/** The worker's side of workflows/support/run-metrics.ts: the calls become counters. */
export function runMetricsSinks(): InjectedSinks<RunMetricsSinks> {
  const started = new CountedRuns();
  const ended = new CountedRuns();
  return {
    runMetrics: {
      started: {
        fn: (info) => {
          if (started.first(info.runId)) runsStarted.inc({ procedure: procedureOf(info.workflowType) });
        },
      },
      ended: {
        fn: (info, outcome) => {
          if (ended.first(info.runId)) runsEnded.inc({ procedure: procedureOf(info.workflowType), outcome });
        },
      },
    },
  };
}

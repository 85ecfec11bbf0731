import { countCalls, type WaitReads } from './calls';
import type { SideRuns } from './side';
import { median, p95, round } from './stats';

/**
 * A side of a critical-path scenario summed up: each run's wall time over the sum of the
 * emulator's operation durations along it (median and p95), and its calls. `completed` is what
 * the scenario checked afterwards, or the runs that did not fail when it checks nothing more.
 */
export function summarizeSide<T>(
  side: SideRuns<T>,
  criticalMs: number,
  waits: WaitReads,
  completed = side.outcomes.filter((r) => r.error === undefined).length,
) {
  const ratios = side.outcomes.filter((r) => r.wallMs !== undefined).map((r) => r.wallMs! / criticalMs);
  return {
    completed,
    ...(side.firstError ? { firstError: side.firstError } : {}),
    ratioMedian: round(median(ratios)),
    ratioP95: round(p95(ratios)),
    ...countCalls(side.audit, side.outcomes.length, waits),
  };
}

export type CriticalPathSide = ReturnType<typeof summarizeSide>;

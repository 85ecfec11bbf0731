import type { CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import { scriptCopy } from '../baseline';
import { countCalls, OPERATION_READS, type WaitReads } from '../calls';
import {
  arrangeSnapshots,
  COPY_AWS_SECONDS,
  copyCompletions,
  productionPoll,
  startCopy,
  startInProcessWorker,
  TARGET,
  type BenchStack,
} from '../stack';
import { mean, median, p95, round } from '../stats';
import { stepSecondsMedians, stepSecondsOf } from '../workflow-run';

export interface ConcurrentCopiesOptions {
  runs: number;
  timeScale: number;
  /** The documented limit: Lightsail calls a (Lightsail) second per region. */
  rateLimit: number;
  /** The share of the limit the worker paces its calls at. */
  paceShare: number;
  /** How the worker paces: the shared budget per region (the default) or in its process alone. */
  callBudget?: 'shared' | 'process';
}

/** A copy has one wait, on its operations. */
const COPY_WAIT_READS: WaitReads = { actions: OPERATION_READS, waitsPerRun: 1 };

/**
 * Scenario 1: the same cross-region copies all at once, first as workflows, then as the plain
 * script, under the emulator's rate limit. Returns each side's summary.
 */
export async function concurrentCopies(stack: BenchStack, o: ConcurrentCopiesOptions) {
  const { control } = stack;
  await control.setTimeScale(o.timeScale);
  const snapshots = await arrangeSnapshots(stack, o.runs, 'bench');
  // Both sides run on the emulator's accelerated clock, so the limit is accelerated alike.
  const emulatorLimit = o.rateLimit * o.timeScale;
  const workerPace = emulatorLimit * o.paceShare;
  const taskQueue = `bench-copies-${Date.now()}`;
  const worker = await startInProcessWorker(stack, taskQueue, workerPace, o.callBudget);
  // The bucket holds one Lightsail second of calls, as AWS's buckets hold about a second's worth.
  await control.setRateLimit(emulatorLimit, o.rateLimit);
  const poll = productionPoll(o.timeScale);
  try {
    await control.clearAudit();
    const project = await Promise.all(
      snapshots.map(async (snapshotName, i) => {
        const started = Date.now();
        const handle = await startCopy(stack, {
          taskQueue,
          workflowId: `${taskQueue}-${i}`,
          snapshotName,
          targetSnapshotName: `${snapshotName}-wf`,
          tags: { purpose: 'bench' },
          poll,
        });
        const result = (await handle.result()) as CopySnapshotResult;
        const wait = result.steps.find((s) => s.step === `wait@${TARGET}`)!;
        const finished = Date.now();
        const stepSeconds = stepSecondsOf(result.steps, started, finished, o.timeScale);
        return {
          stepSeconds,
          wallMs: finished - started,
          target: `${snapshotName}-wf`,
          noticedAt: Date.parse(wait.endedAt),
          events: (await handle.fetchHistory()).events!.length,
        };
      }),
    );
    const projectAudit = await control.audit();
    const projectDone = await copyCompletions(control);

    await control.clearAudit();
    const baseline = await Promise.all(
      snapshots.map(async (snapshotName) => {
        const started = Date.now();
        const r = await scriptCopy(stack.clients.forRegion(TARGET), {
          snapshotName,
          targetName: `${snapshotName}-sh`,
          timeScale: o.timeScale,
        });
        return { wallMs: Date.now() - started, target: `${snapshotName}-sh`, noticedAt: r.noticedAtMs };
      }),
    );
    const baselineAudit = await control.audit();
    const baselineDone = await copyCompletions(control);

    const criticalMs = (COPY_AWS_SECONDS * 1000) / o.timeScale;
    return {
      runs: o.runs,
      timeScale: o.timeScale,
      criticalPathSeconds: criticalMs / 1000,
      rateLimitPerRegion: o.rateLimit,
      workerPacePerRegion: o.rateLimit * o.paceShare,
      callBudget: o.callBudget ?? 'shared',
      historyEventsMedian: median(project.map((p) => p.events)),
      projectStepSecondsMedian: stepSecondsMedians(project.map((p) => p.stepSeconds)),
      project: summarize(project, projectDone, projectAudit, criticalMs, o.timeScale),
      baseline: summarize(baseline, baselineDone, baselineAudit, criticalMs, o.timeScale),
    };
  } finally {
    await control.setRateLimit(null);
    await worker.stop();
  }
}

export type ConcurrentCopiesResult = Awaited<ReturnType<typeof concurrentCopies>>;
export type SideSummary = ReturnType<typeof summarize>;

function summarize(
  runs: { wallMs: number; target: string; noticedAt: number }[],
  done: Map<string, number>,
  audit: { action: string; error?: string }[],
  criticalMs: number,
  timeScale: number,
) {
  const ratios = runs.map((r) => r.wallMs / criticalMs);
  // In Lightsail seconds: how long after the copy completed each side knew.
  const delays = runs.map((r) => ((r.noticedAt - (done.get(r.target) ?? r.noticedAt)) * timeScale) / 1000);
  const calls = countCalls(audit, runs.length, COPY_WAIT_READS);
  return {
    ratioMedian: round(median(ratios)),
    ratioP95: round(p95(ratios)),
    callsPerRun: calls.callsPerRun,
    pollsPerWait: calls.callsPerWait,
    throttled: calls.throttled,
    noticeDelaySecondsMean: round(mean(delays)),
    noticeDelaySecondsMedian: round(median(delays)),
  };
}

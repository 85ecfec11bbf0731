import type { StepTiming } from '../src/schemas/progress';
import type { BenchStack } from './stack';
import { median, round } from './stats';

/** Where a run's time went, step by step, in Lightsail seconds (a step's name before any `@region`). */
export type StepSeconds = Record<string, number>;

/**
 * Starts one workflow, waits for its result, and says when it ended and where its time went:
 * before its first step (Temporal starting it), each step, and after its last; and its
 * history's length, read after the end.
 */
export async function runWorkflow<R extends { steps: StepTiming[] }>(
  stack: BenchStack,
  run: { workflowType: string; taskQueue: string; workflowId: string; input: unknown; timeScale: number },
): Promise<{ result: R; finishedMs: number; stepSeconds: StepSeconds; events: number }> {
  const started = Date.now();
  const handle = await stack.client.workflow.start(run.workflowType, {
    taskQueue: run.taskQueue,
    workflowId: run.workflowId,
    args: [run.input],
  });
  const result = (await handle.result()) as R;
  const finishedMs = Date.now();
  const stepSeconds = stepSecondsOf(result.steps, started, finishedMs, run.timeScale);
  return { result, finishedMs, stepSeconds, events: (await handle.fetchHistory()).events!.length };
}

/** A run's steps in Lightsail seconds, with the time before its first and after its last. */
export function stepSecondsOf(
  steps: StepTiming[],
  startedMs: number,
  finishedMs: number,
  timeScale: number,
): StepSeconds {
  const awsSeconds = (fromMs: number, toMs: number) => ((toMs - fromMs) * timeScale) / 1000;
  const seconds: StepSeconds = {
    'before the first step': awsSeconds(startedMs, Date.parse(steps[0]!.startedAt)),
    'after the last step': awsSeconds(Date.parse(steps.at(-1)!.endedAt), finishedMs),
  };
  for (const s of steps) {
    seconds[s.step.split('@')[0]!] = awsSeconds(Date.parse(s.startedAt), Date.parse(s.endedAt));
  }
  return seconds;
}

/** The median of each step over the runs, rounded: what the JSON keeps. */
export function stepSecondsMedians(runs: StepSeconds[]): StepSeconds {
  return Object.fromEntries(
    Object.keys(runs[0] ?? {}).map((k) => [k, round(median(runs.map((s) => s[k] ?? NaN)))]),
  );
}

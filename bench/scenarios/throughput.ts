import { scriptCopy, TARGET } from '../baseline';
import { arrangeSnapshots, productionPoll, startCopy, startInProcessWorker, type BenchStack } from '../stack';
import { median, round } from '../stats';

export interface ThroughputOptions {
  runs: number;
  rounds: number;
}

/** Fast enough that every operation completes before the next call: a 300 s copy takes 3 ms. */
const INSTANT = 100_000;

/**
 * Scenario 2: how many copies a second one worker completes when Lightsail's operations take no
 * time, so that only orchestration counts; against the plain script doing the same. Each round
 * starts `runs` copies at once; the result is the median over the rounds.
 */
export async function throughput(stack: BenchStack, o: ThroughputOptions) {
  const { control } = stack;
  await control.setTimeScale(INSTANT);
  const taskQueue = `bench-throughput-${Date.now()}`;
  const worker = await startInProcessWorker(stack, taskQueue);
  const poll = productionPoll(INSTANT);
  const projectRates: number[] = [];
  const baselineRates: number[] = [];
  try {
    for (let r = 0; r < o.rounds; r++) {
      const snapshots = await arrangeSnapshots(stack, o.runs, `tp${r}`);
      let started = performance.now();
      await Promise.all(
        snapshots.map((snapshotName, i) =>
          startCopy(stack, {
            taskQueue,
            workflowId: `${taskQueue}-${r}-${i}`,
            snapshotName,
            targetSnapshotName: `${snapshotName}-wf`,
            poll,
          }).then((handle) => handle.result()),
        ),
      );
      projectRates.push(o.runs / ((performance.now() - started) / 1000));

      started = performance.now();
      await Promise.all(
        snapshots.map((snapshotName) =>
          scriptCopy(stack.clients.forRegion(TARGET), {
            snapshotName,
            targetName: `${snapshotName}-sh`,
            timeScale: INSTANT,
          }),
        ),
      );
      baselineRates.push(o.runs / ((performance.now() - started) / 1000));
    }
  } finally {
    await worker.stop();
  }
  return {
    runsPerRound: o.runs,
    rounds: o.rounds,
    projectPerSecondMedian: round(median(projectRates), 1),
    baselinePerSecondMedian: round(median(baselineRates), 1),
    projectPerSecond: projectRates.map((r) => round(r, 1)),
    baselinePerSecond: baselineRates.map((r) => round(r, 1)),
  };
}

export type ThroughputResult = Awaited<ReturnType<typeof throughput>>;

import {
  arrangeSnapshots,
  COPY_AWS_SECONDS,
  productionPoll,
  startCopy,
  startInProcessWorker,
  type BenchStack,
} from '../stack';

/**
 * Scenario 4: the events of one copy's history when its wait lasts `seconds` real seconds, for
 * each length: a wait that polls longer must not write more events.
 */
export async function historyAgainstWait(stack: BenchStack, waits: number[]) {
  const { control } = stack;
  const taskQueue = `bench-history-${Date.now()}`;
  const worker = await startInProcessWorker(stack, taskQueue);
  const out: { realWaitSeconds: number; events: number }[] = [];
  try {
    for (const [i, seconds] of waits.entries()) {
      const timeScale = COPY_AWS_SECONDS / seconds;
      const [snapshotName] = await arrangeSnapshots(stack, 1, `hist${i}`);
      await control.setTimeScale(timeScale);
      const handle = await startCopy(stack, {
        taskQueue,
        workflowId: `${taskQueue}-${i}`,
        snapshotName: snapshotName!,
        poll: productionPoll(timeScale),
      });
      await handle.result();
      out.push({ realWaitSeconds: seconds, events: (await handle.fetchHistory()).events!.length });
    }
  } finally {
    await worker.stop();
  }
  return out;
}

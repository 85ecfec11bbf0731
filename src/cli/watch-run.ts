import type { WorkflowHandle } from '@temporalio/client';
import { PROGRESS_QUERY, type RunProgress } from '../schemas/progress';
import { LiveProgressView } from './live-progress';
import { ProgressPrinter } from './progress-printer';

export interface ProgressView {
  update(progress: RunProgress): void;
}

/** A list that redraws in place on a terminal; plain lines, one per change, anywhere else. */
export function progressViewFor(stream: NodeJS.WriteStream): ProgressView {
  return stream.isTTY
    ? new LiveProgressView(stream)
    : new ProgressPrinter((line) => stream.write(`${line}\n`));
}

/**
 * Shows a run's progress until it ends and returns its result; a failed run rejects with the
 * workflow's failure. Progress comes from the `progress` query, polled while the result is
 * awaited.
 */
export async function watchRun(
  handle: WorkflowHandle,
  view: ProgressView,
  intervalMs = 500,
): Promise<unknown> {
  let settled = false;
  const result = handle.result().finally(() => {
    settled = true;
  });
  // A run that has already failed rejects before the first await below: without a handler
  // attached now, Node treats it as unhandled and the process dies with a stack trace.
  result.catch(() => undefined);
  const refresh = async () => {
    try {
      view.update(await handle.query<RunProgress>(PROGRESS_QUERY));
    } catch {
      // The first workflow task may not have run yet, or the run just closed: try next round.
    }
  };
  while (!settled) {
    await refresh();
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, intervalMs))]);
  }
  await refresh();
  return result;
}

import { setFlagsFromString } from 'node:v8';

/**
 * How the worker's V8 heaps trade memory for speed (LIGHTSAIL_FLOWS_WORKER_HEAP).
 *
 * - `small`: V8 favours memory over speed (`--optimize-for-size`): its collections give memory
 *   back and keep no pooled pages, so after a burst of starts the heaps shrink to what is alive
 *   and thousands of runs that wait cost little more than an idle worker. A burst of starts costs
 *   more CPU. (A 1 MiB young generation on top, `--max-semi-space-size=1`, measured no better.)
 * - `fast`: V8's defaults. The heaps stay at the size a burst grew them to.
 *
 * Measured in docs/performance.md ("Heaps that give memory back").
 */
export const WORKER_HEAPS = ['small', 'fast'] as const;
export type WorkerHeap = (typeof WORKER_HEAPS)[number];

/**
 * Sets the flags before the Worker starts its workflow thread, where the runs live: V8 reads them
 * when it makes that thread's isolate. They steer the main thread's collections from then on too.
 */
export function configureWorkerHeap(heap: WorkerHeap): void {
  if (heap === 'small') setFlagsFromString('--optimize-for-size');
}

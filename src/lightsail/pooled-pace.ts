import { PollSchedule } from '../schemas/common';

/** How often one waiter would ask on its own: its first interval, growing to a maximum. */
export interface WatchSchedule {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  backoffCoefficient: number;
}

/** A waiter of a shared poll loop: its schedule and its own interval now. */
export interface PacedWaiter {
  schedule: WatchSchedule;
  /** What a separate poll loop of this waiter would wait now. */
  intervalMs: number;
}

/**
 * The pause before a shared loop's next round: as often as its waiters' separate backoff
 * schedules together would ask (each round costs the calls it made), never more often than
 * half the eagerest first interval. So a lone wait costs what its own backoff would, and many
 * waits share rounds that are cheaper per wait and fresher than separate loops.
 */
export function pooledDelayMs(waiters: Iterable<PacedWaiter>, lastRoundCalls: number): number {
  let roundsPerMs = 0;
  let floorMs = Number.POSITIVE_INFINITY;
  for (const w of waiters) {
    roundsPerMs += 1 / w.intervalMs;
    floorMs = Math.min(floorMs, w.schedule.initialIntervalMs / 2);
  }
  return Math.max(floorMs, lastRoundCalls / roundsPerMs);
}

/** After a round, each waiter's own interval grows as its schedule says. */
export function backOff(waiters: Iterable<PacedWaiter>): void {
  for (const w of waiters)
    w.intervalMs = Math.min(w.schedule.maximumIntervalMs, w.intervalMs * w.schedule.backoffCoefficient);
}

/** A run's poll schedule (seconds; the default when it has none) as a watcher's schedule. */
export function watchSchedule(poll: PollSchedule | undefined): WatchSchedule {
  const p = poll ?? PollSchedule.parse({});
  return {
    initialIntervalMs: p.initialIntervalSeconds * 1000,
    maximumIntervalMs: p.maximumIntervalSeconds * 1000,
    backoffCoefficient: p.backoffCoefficient,
  };
}

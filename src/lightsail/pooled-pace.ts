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
 * The share of a paced region's call rate that one watcher loop's rounds may take; the rest is
 * left for the runs' own calls. Without it, 10,000 waits (a GetOperations page for every 200,
 * a round at the pooled pace's floor) would read pages as fast as the region's pace allows,
 * for as long as they wait: the whole rate, and the worker's CPU parsing pages, for nothing
 * fresher than a round every few seconds.
 */
export const WATCHER_SHARE_OF_RATE = 0.5;

/**
 * The share of a paced region's rate the rounds keep to once no wait needs them sooner: each
 * round waits for this share to pay for its pages, unless that would leave a wait unread for
 * more than half its own interval. 200 waits (a page or two a round) keep the floor's pace;
 * 10,000 waits whose intervals have grown to a minute (50 pages a round) read every 25 s
 * instead of every 6 s: reading pages, and collecting what they leave, is the largest part of a
 * worker's CPU while its runs wait.
 */
export const WATCHER_STEADY_SHARE_OF_RATE = 1 / 8;

/**
 * The pause before a shared loop's next round: as often as its waiters' separate backoff
 * schedules together would ask (each round costs the calls it made), never more often than
 * half the eagerest first interval, and, when the region's calls are paced at
 * `callsPerSecond`, never using more than WATCHER_SHARE_OF_RATE of that rate, nor more than
 * WATCHER_STEADY_SHARE_OF_RATE unless a wait's own interval asks for more. So a lone wait costs
 * what its own backoff would, and many waits share rounds that are cheaper per wait and fresher
 * than separate loops, without reading pages faster than the waits need.
 */
export function pooledDelayMs(
  waiters: Iterable<PacedWaiter>,
  lastRoundCalls: number,
  callsPerSecond?: number,
): number {
  let roundsPerMs = 0;
  let floorMs = Number.POSITIVE_INFINITY;
  let eagerestIntervalMs = Number.POSITIVE_INFINITY;
  for (const w of waiters) {
    roundsPerMs += 1 / w.intervalMs;
    floorMs = Math.min(floorMs, w.schedule.initialIntervalMs / 2);
    eagerestIntervalMs = Math.min(eagerestIntervalMs, w.intervalMs);
  }
  const withinShareMs = callsPerSecond
    ? (lastRoundCalls * 1000) / (WATCHER_SHARE_OF_RATE * callsPerSecond)
    : 0;
  const steadyMs = callsPerSecond
    ? Math.min(
        (lastRoundCalls * 1000) / (WATCHER_STEADY_SHARE_OF_RATE * callsPerSecond),
        eagerestIntervalMs / 2,
      )
    : 0;
  return Math.max(floorMs, lastRoundCalls / roundsPerMs, withinShareMs, steadyMs);
}

/**
 * The interval a separate poll loop on `schedule` is at once it has waited `waitedMs`: where a
 * wait handed over again (its lease renewed, or taken over from a worker that died) goes on,
 * instead of polling from its first interval as if it had just begun.
 */
export function intervalAfter(schedule: WatchSchedule, waitedMs: number): number {
  let intervalMs = schedule.initialIntervalMs;
  if (schedule.backoffCoefficient <= 1) return intervalMs;
  // The loop asks at the end of each interval; the one under way at `waitedMs` is the answer.
  for (let askedAtMs = intervalMs; askedAtMs < waitedMs && intervalMs < schedule.maximumIntervalMs;) {
    intervalMs = grown(schedule, intervalMs);
    askedAtMs += intervalMs;
  }
  return intervalMs;
}

/** After a round, each waiter's own interval grows as its schedule says. */
export function backOff(waiters: Iterable<PacedWaiter>): void {
  for (const w of waiters) w.intervalMs = grown(w.schedule, w.intervalMs);
}

/** The interval after `intervalMs` on `schedule`: one backoff step, up to its maximum. */
function grown(schedule: WatchSchedule, intervalMs: number): number {
  return Math.min(schedule.maximumIntervalMs, intervalMs * schedule.backoffCoefficient);
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

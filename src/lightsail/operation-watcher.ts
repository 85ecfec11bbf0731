import { GetOperationCommand, GetOperationsCommand, type Operation } from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import { currentSpanContext, inWatcherRound } from '../observability/watcher-tracing';
import { watcherRounds, watcherWaitingOperations } from '../observability/worker-metrics';
import type { LightsailClients } from './clients';
import { classifyLightsailError, isLightsailError, toTemporalFailure } from './errors';
import { isDone, operationFailure, type OperationRef } from './operations';
import { backOff, intervalAfter, pooledDelayMs, type WatchSchedule } from './pooled-pace';

export type { WatchSchedule } from './pooled-pace';

/** Pages to read when the wanted operations' creation times are unknown (older runs' refs). */
const PAGES_WITHOUT_CREATION_TIME = 3;
/** GetOperation answers NotFound for a just-created operation for a moment; more than this is real. */
const NOT_FOUND_ROUNDS = 5;

interface Waiter {
  /** The operations in this region still not done. */
  pending: Map<string, OperationRef>;
  schedule: WatchSchedule;
  /** This waiter's own next interval: what a separate poll loop would wait now. */
  intervalMs: number;
  notFoundRounds: Map<string, number>;
  /** The waiting activity's span, which the rounds serving it link to (tracing only). */
  traceLink: ReturnType<typeof currentSpanContext>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Waits on Lightsail operations for every activity of this worker together. Each region has
 * one poll loop, however many runs wait there: one GetOperations page tells the state of up to
 * 200 operations, so 200 runs waiting on copies cost about one call a round instead of 200.
 *
 * The loop's pace pools the waiters' schedules (pooledDelayMs): a lone wait costs what its own
 * backoff would, and many waits share rounds that are cheaper per wait and fresher than
 * separate loops. On a paced region the rounds take at most half its rate, however many pages
 * they read, leaving the other half to the runs' own calls.
 *
 * Paging back from the newest operations finds the ones being waited on in a page or two. The
 * reference words GetOperations as "oldest to newest" (the emulator answers newest first, and can
 * be told otherwise); the loop checks the order it gets and, when it is not newest first, or
 * when GetOperations is refused (an IAM policy that allows only GetOperation), reads each
 * operation by id instead: a different answer costs calls, never a wrong result.
 */
export class OperationWatcher {
  private readonly regions = new Map<string, RegionLoop>();

  constructor(private readonly clients: LightsailClients) {}

  /**
   * Resolves when every operation has succeeded; rejects with the Lightsail failure (errorCode
   * and errorDetails kept) as soon as one has failed, or when `signal` aborts. `waitedMs` is how
   * long the wait has gone on before this (a renewed lease): it goes on at that point of its
   * schedule.
   */
  async watch(
    refs: OperationRef[],
    schedule: WatchSchedule,
    signal?: AbortSignal,
    waitedMs = 0,
  ): Promise<void> {
    const byRegion = new Map<string, Map<string, OperationRef>>();
    for (const ref of refs) {
      if (isDone(ref.status)) continue;
      const pending = byRegion.get(ref.region) ?? new Map<string, OperationRef>();
      pending.set(ref.id, ref);
      byRegion.set(ref.region, pending);
    }
    if (byRegion.size === 0) return;
    const added: [RegionLoop, Waiter][] = [];
    const regionWaits = [...byRegion].map(
      ([region, pending]) =>
        new Promise<void>((resolve, reject) => {
          const waiter: Waiter = {
            pending,
            schedule,
            intervalMs: intervalAfter(schedule, waitedMs),
            notFoundRounds: new Map(),
            traceLink: currentSpanContext(),
            resolve,
            reject,
          };
          const loop = this.loop(region);
          added.push([loop, waiter]);
          loop.add(waiter);
        }),
    );
    let onAbort = () => undefined as void;
    const cancelled = new Promise<never>((_, reject) => {
      // An activity's signal aborts with its CancelledFailure, which the activity must throw.
      onAbort = () =>
        reject(
          signal?.reason instanceof Error
            ? signal.reason
            : new Error('Cancelled while waiting for operations'),
        );
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      // The first failure ends the wait; the other regions' waiters are removed below.
      await Promise.race([Promise.all(regionWaits), cancelled]);
    } finally {
      for (const [loop, waiter] of added) loop.remove(waiter);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private loop(region: string): RegionLoop {
    let loop = this.regions.get(region);
    if (!loop) {
      loop = new RegionLoop(this.clients, region);
      this.regions.set(region, loop);
    }
    return loop;
  }
}

/** One region's poll loop: runs while anything there is waited on. */
class RegionLoop {
  private readonly waiters = new Set<Waiter>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private lastRoundAt = Number.NEGATIVE_INFINITY;
  private lastRoundCalls = 1;
  /** False once GetOperations answered in an order other than newest first. */
  private batching = true;

  constructor(
    private readonly clients: LightsailClients,
    private readonly region: string,
  ) {}

  add(waiter: Waiter): void {
    this.waiters.add(waiter);
    this.plan();
  }

  remove(waiter: Waiter): void {
    this.waiters.delete(waiter);
    if (this.waiters.size === 0) {
      this.stop();
      watcherWaitingOperations.set({ region: this.region }, 0);
    }
  }

  /**
   * The gauge of operations waited on here, counted once a round (counting at every add would
   * cost a pass over every waiter per activity); two runs waiting on one operation count it once.
   */
  private countWaiting(): void {
    const ids = new Set<string>();
    for (const w of this.waiters) for (const id of w.pending.keys()) ids.add(id);
    watcherWaitingOperations.set({ region: this.region }, ids.size);
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Schedules the next round: at the pooled pace after the last one (at once when idle). */
  private plan(): void {
    if (this.ticking || this.waiters.size === 0) return;
    const delayMs = pooledDelayMs(this.waiters, this.lastRoundCalls, this.clients.callsPerSecond);
    this.stop();
    this.timer = setTimeout(() => void this.round(), Math.max(0, this.lastRoundAt + delayMs - Date.now()));
  }

  private async round(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    this.lastRoundAt = Date.now();
    watcherRounds.inc({ region: this.region });
    const waiters = [...this.waiters];
    const wanted = new Map<string, OperationRef>();
    for (const w of waiters) for (const [id, ref] of w.pending) wanted.set(id, ref);
    watcherWaitingOperations.set({ region: this.region }, wanted.size);
    try {
      const { seen, notFound, calls } = await inWatcherRound(
        this.region,
        waiters.map((w) => w.traceLink),
        () => this.read(wanted),
      );
      this.lastRoundCalls = Math.max(1, calls);
      for (const w of waiters) this.settle(w, seen, notFound);
      this.countWaiting();
    } catch (err) {
      // A throttled or failed read leaves every wait as it was: the next round asks again.
      // Only a refusal that will not change (access denied, bad credentials) ends the waits.
      if (!classifyLightsailError(err).retryable) {
        const failure = toTemporalFailure(err, { action: 'GetOperations', region: this.region });
        for (const w of waiters) w.reject(failure);
      }
    } finally {
      this.ticking = false;
      backOff(waiters);
      this.plan();
    }
  }

  private settle(w: Waiter, seen: Map<string, Operation>, notFound: Set<string>): void {
    for (const id of [...w.pending.keys()]) {
      const op = seen.get(id);
      if (op?.status === 'Failed') return w.reject(operationFailure(op));
      if (isDone(op?.status)) w.pending.delete(id);
      if (notFound.has(id)) {
        const rounds = (w.notFoundRounds.get(id) ?? 0) + 1;
        w.notFoundRounds.set(id, rounds);
        if (rounds >= NOT_FOUND_ROUNDS) {
          return w.reject(
            ApplicationFailure.create({
              type: 'NotFoundException',
              message: `Operation ${id} does not exist in ${this.region}`,
              nonRetryable: true,
            }),
          );
        }
      }
    }
    if (w.pending.size === 0) w.resolve();
  }

  /** The wanted operations' states: newest pages of GetOperations first, then one by one. */
  private async read(
    wanted: Map<string, OperationRef>,
  ): Promise<{ seen: Map<string, Operation>; notFound: Set<string>; calls: number }> {
    const client = this.clients.forRegion(this.region);
    const seen = new Map<string, Operation>();
    const notFound = new Set<string>();
    let calls = 0;
    if (this.batching && wanted.size > 1) {
      const createdAt = [...wanted.values()].map((r) => r.createdAtMs);
      const oldestWantedMs = createdAt.every((t) => t !== undefined) ? Math.min(...createdAt) : undefined;
      let pageToken: string | undefined;
      for (let pages = 0; ; pages++) {
        let out;
        try {
          out = await client.send(new GetOperationsCommand({ pageToken }));
        } catch (err) {
          if (classifyLightsailError(err).retryable) throw err;
          this.batching = false;
          break;
        } finally {
          calls++;
        }
        const ops = out.operations ?? [];
        for (const op of ops) if (op.id && wanted.has(op.id)) seen.set(op.id, op);
        if (!newestFirst(ops)) {
          this.batching = false;
          break;
        }
        const unseen = wanted.size - seen.size;
        const oldestOnPage = ops.at(-1)?.createdAt?.getTime();
        const pastOldest =
          oldestWantedMs !== undefined && oldestOnPage !== undefined && oldestOnPage < oldestWantedMs;
        const pageLimit =
          oldestWantedMs === undefined ? PAGES_WITHOUT_CREATION_TIME : Number.POSITIVE_INFINITY;
        // Another page costs a call; reading the rest one by one costs one call each.
        if (unseen <= 1 || !out.nextPageToken || pastOldest || pages + 1 >= pageLimit) break;
        pageToken = out.nextPageToken;
      }
    }
    // The rest one by one, all at once: the clients' pacing keeps them under the region's rate.
    const unseen = [...wanted.values()].filter((ref) => !seen.has(ref.id));
    calls += unseen.length;
    await Promise.all(
      unseen.map(async (ref) => {
        try {
          const out = await client.send(new GetOperationCommand({ operationId: ref.id }));
          if (out.operation) seen.set(ref.id, out.operation);
        } catch (err) {
          if (isLightsailError(err, 'NotFoundException')) notFound.add(ref.id);
          else throw err;
        }
      }),
    );
    return { seen, notFound, calls };
  }
}

/** Whether a page lists operations from newest to oldest (equal times allowed). */
function newestFirst(ops: Operation[]): boolean {
  for (let i = 1; i < ops.length; i++) {
    const before = ops[i - 1]!.createdAt?.getTime();
    const after = ops[i]!.createdAt?.getTime();
    if (before !== undefined && after !== undefined && after > before) return false;
  }
  return true;
}

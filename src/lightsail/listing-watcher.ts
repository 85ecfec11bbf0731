import { classifyLightsailError, toTemporalFailure } from './errors';
import { backOff, intervalAfter, pooledDelayMs, type WatchSchedule } from './pooled-pace';

/** One read of a region's list: the items and the calls (pages) it took. */
export interface Listing<Item> {
  items: Item[];
  calls: number;
}

/**
 * What a waiter makes of one listing: its answer when it is done, undefined while it is not;
 * it throws to fail the wait.
 */
export type ListingCheck<Item, T> = (items: Item[]) => T | undefined;

interface Waiter<Item> {
  check: ListingCheck<Item, unknown>;
  schedule: WatchSchedule;
  intervalMs: number;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Waits on the items of a list that Lightsail answers only whole (export snapshot records,
 * CloudFormation stack records: neither can be read by name), for every waiting run of this
 * worker together. Each region has one loop: one listing a round tells every run waiting there
 * how its record stands, so N exports waiting cost one listing a round instead of N.
 *
 * The pace pools the waiters' schedules as the operation watcher does (pooledDelayMs).
 */
export class ListingWatcher<Item> {
  private readonly regions = new Map<string, ListingLoop<Item>>();

  constructor(
    /** The Lightsail action listed, for failures. */
    private readonly action: string,
    private readonly list: (region: string) => Promise<Listing<Item>>,
    /** The rate a region's calls are paced at, if they are: the rounds take at most half of it. */
    private readonly callsPerSecond?: number,
  ) {}

  /**
   * Resolves with the check's first answer; rejects with its failure, or when `signal` aborts.
   * `waitedMs`: how long the wait has gone on before this, as the operation watcher's.
   */
  watch<T>(
    region: string,
    check: ListingCheck<Item, T>,
    schedule: WatchSchedule,
    signal?: AbortSignal,
    waitedMs = 0,
  ): Promise<T> {
    let loop = this.regions.get(region);
    if (!loop) {
      loop = new ListingLoop(this.action, region, this.list, this.callsPerSecond);
      this.regions.set(region, loop);
    }
    const regionLoop = loop;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<Item> = {
        check,
        schedule,
        intervalMs: intervalAfter(schedule, waitedMs),
        resolve: (v) => {
          done();
          resolve(v as T);
        },
        reject: (err) => {
          done();
          // A check's failure (an ApplicationFailure) or a listing's, passed on as thrown.
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      };
      const onAbort = () =>
        waiter.reject(signal?.reason instanceof Error ? signal.reason : new Error('Cancelled while waiting'));
      const done = () => {
        regionLoop.remove(waiter);
        signal?.removeEventListener('abort', onAbort);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      regionLoop.add(waiter);
    });
  }
}

class ListingLoop<Item> {
  private readonly waiters = new Set<Waiter<Item>>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private lastRoundAt = Number.NEGATIVE_INFINITY;
  private lastRoundCalls = 1;

  constructor(
    private readonly action: string,
    private readonly region: string,
    private readonly list: (region: string) => Promise<Listing<Item>>,
    private readonly callsPerSecond: number | undefined,
  ) {}

  add(waiter: Waiter<Item>): void {
    this.waiters.add(waiter);
    this.plan();
  }

  remove(waiter: Waiter<Item>): void {
    this.waiters.delete(waiter);
    if (this.waiters.size === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private plan(): void {
    if (this.ticking || this.waiters.size === 0) return;
    const delayMs = pooledDelayMs(this.waiters, this.lastRoundCalls, this.callsPerSecond);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), Math.max(0, this.lastRoundAt + delayMs - Date.now()));
  }

  private async round(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    this.lastRoundAt = Date.now();
    const waiters = [...this.waiters];
    try {
      const { items, calls } = await this.list(this.region);
      this.lastRoundCalls = Math.max(1, calls);
      for (const w of waiters) {
        try {
          const answer = w.check(items);
          if (answer !== undefined) w.resolve(answer);
        } catch (err) {
          w.reject(err);
        }
      }
    } catch (err) {
      // A throttled or failed listing leaves every wait as it was; only a refusal that will not
      // change (access denied) ends them.
      if (!classifyLightsailError(err).retryable) {
        const failure = toTemporalFailure(err, { action: this.action, region: this.region });
        for (const w of waiters) w.reject(failure);
      }
    } finally {
      this.ticking = false;
      backOff(waiters);
      this.plan();
    }
  }
}

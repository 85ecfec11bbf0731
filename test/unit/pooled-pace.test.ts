import { strict as assert } from 'node:assert';
import {
  intervalAfter,
  pooledDelayMs,
  type PacedWaiter,
  type WatchSchedule,
} from '../../src/lightsail/pooled-pace';

/** The procedures' default poll schedule: 5 s, growing by 1.5, up to a minute. */
const DEFAULT: WatchSchedule = {
  initialIntervalMs: 5_000,
  maximumIntervalMs: 60_000,
  backoffCoefficient: 1.5,
};

function waiters(count: number, intervalMs: number): PacedWaiter[] {
  return Array.from({ length: count }, () => ({ schedule: DEFAULT, intervalMs }));
}

describe('pooled pace: how often a shared watcher reads', () => {
  it('a wait handed over again goes on at the interval its own loop would be at by then', () => {
    assert.equal(intervalAfter(DEFAULT, 0), 5_000);
    assert.equal(intervalAfter(DEFAULT, 4_999), 5_000);
    // A loop on the default schedule asks at 5, 12.5, 23.75, 40.6 and 65.9 s.
    assert.equal(intervalAfter(DEFAULT, 10_000), 7_500);
    assert.equal(intervalAfter(DEFAULT, 60_000), 25_312.5);
    assert.equal(intervalAfter(DEFAULT, 10 * 60_000), 60_000);
    const fixed: WatchSchedule = {
      initialIntervalMs: 5_000,
      maximumIntervalMs: 60_000,
      backoffCoefficient: 1,
    };
    assert.equal(intervalAfter(fixed, 10 * 60_000), 5_000);
  });

  it('10,000 waits at a minute each read their 50 pages every 25 s on a region paced at 16 calls a second, not every 6', () => {
    // An eighth of 16 calls a second pays for 50 pages in 25 s; half a minute would be the most.
    assert.equal(pooledDelayMs(waiters(10_000, 60_000), 50, 16), 25_000);
    // Unpaced, the rounds follow the waits' pooled schedules as before.
    assert.equal(pooledDelayMs(waiters(10_000, 60_000), 50), 2_500);
  });

  it('a wait at its first interval among them brings the rounds back to half the rate', () => {
    const eager = [...waiters(9_999, 60_000), { schedule: DEFAULT, intervalMs: 5_000 }];
    assert.equal(pooledDelayMs(eager, 50, 16), 6_250);
  });

  it("200 waits, a page or two a round, keep the floor's pace: half the first interval", () => {
    assert.equal(pooledDelayMs(waiters(200, 60_000), 2, 16), 2_500);
    assert.equal(pooledDelayMs(waiters(200, 5_000), 1, 16), 2_500);
  });

  it('a lone wait is read as its own schedule would read it', () => {
    assert.equal(pooledDelayMs(waiters(1, 25_312.5), 1, 16), 25_312.5);
  });
});

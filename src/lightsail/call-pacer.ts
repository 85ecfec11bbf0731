import { setTimeout as sleep } from 'node:timers/promises';
import { pacerDelay, pacerQueueDepth } from '../observability/worker-metrics';

/** What a region's calls wait on before they leave: a pacer of this process or a shared budget. */
export interface CallTurns {
  /** Resolves when the caller may send. */
  turn(): Promise<void>;
}

/**
 * Keeps one region's Lightsail calls of this process under a rate: each call leaves at least 1/perSecond after
 * the one before, waiting its turn if it must. AWS throttles each account per region; pacing
 * below the limit spends a little waiting on this side instead of a ThrottlingException, a
 * wasted call and a backoff on the other.
 */
export class CallPacer implements CallTurns {
  private readonly spacingMs: number;
  private nextAtMs = 0;

  constructor(
    perSecond: number,
    /** The region paced, as the metrics label it. */
    private readonly region: string,
  ) {
    this.spacingMs = 1000 / perSecond;
    // The region's queue depth is exported (as 0) from the start, not only once a call has had to
    // wait: a dashboard or an alert on the family then sees the region before it is busy.
    pacerQueueDepth.inc({ region }, 0);
  }

  /** Resolves when the caller may send. */
  async turn(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAtMs);
    this.nextAtMs = at + this.spacingMs;
    const labels = { region: this.region };
    pacerDelay.observe(labels, (at - now) / 1000);
    if (at <= now) return;
    pacerQueueDepth.inc(labels);
    try {
      await sleep(at - now);
    } finally {
      pacerQueueDepth.dec(labels);
    }
  }
}

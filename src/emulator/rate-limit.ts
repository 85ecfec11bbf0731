import { LightsailError } from './errors';

/**
 * A per-region request rate, as AWS enforces one: each region's calls draw from a token bucket
 * refilled at `perSecond` and holding `burst` tokens (one second's worth unless set); a call that
 * finds it empty is answered ThrottlingException ("Rate exceeded"). Off by default; the benchmark
 * sets a documented rate.
 */
export class RegionRateLimit {
  private perSecond?: number;
  private burst?: number;
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  set(perSecond: number | undefined, burst?: number): void {
    this.perSecond = perSecond;
    this.burst = perSecond === undefined ? undefined : (burst ?? perSecond);
    this.buckets.clear();
  }

  get(): { perSecond: number; burst: number } | undefined {
    return this.perSecond === undefined ? undefined : { perSecond: this.perSecond, burst: this.burst! };
  }

  /** Takes a token for a call in `region`, or throws the throttling error AWS answers. */
  take(region: string, nowMs = Date.now()): void {
    const rate = this.perSecond;
    const burst = this.burst;
    if (rate === undefined || burst === undefined) return;
    const bucket = this.buckets.get(region) ?? { tokens: burst, atMs: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.atMs) / 1000) * rate);
    bucket.atMs = nowMs;
    this.buckets.set(region, bucket);
    if (bucket.tokens < 1) throw new LightsailError('ThrottlingException', 'Rate exceeded');
    bucket.tokens -= 1;
  }
}

import type { Clock } from '../../clock';
import type { EmulatorState } from '../../state';
import { isCachedPath } from './cache-settings';
import { GLOBAL_REGION } from './common';
import { distributionStatus } from './distribution-views';
import {
  LoopbackSites,
  textResponse,
  type SiteRequest,
  type SiteResponse,
} from '../../serving/loopback-sites';
import type { StoredDistribution, StoredOrigin } from './types';

/** One request as a distribution passes it to its origin, and the origin's answer. */
export type OriginRequest = SiteRequest;
export type OriginResponse = SiteResponse;

/**
 * How a distribution reaches its origin. The emulator can only run container services (their
 * deployments answer in-process); other origins have nothing behind them.
 */
export type OriginForwarder = (origin: StoredOrigin, request: OriginRequest) => Promise<OriginResponse>;

export const forwardNowhere: OriginForwarder = (origin) =>
  Promise.resolve(
    textResponse(
      502,
      `The lightsail-flows emulator serves only container service origins; the origin ${origin.resourceType} ${origin.name} (${origin.regionName}) has nothing behind it.`,
    ),
  );

interface CachedResponse extends OriginResponse {
  storedAtMs: number;
  expiresAtMs: number;
}

/** CloudFront's header naming a cache hit or miss. */
export const CACHE_HEADER = 'x-cache';
/** Which origin answered (resourceType/region/name): lets a caller watch a rollout. */
export const ORIGIN_HEADER = 'x-emulator-origin';

/**
 * Serves each distribution of the state on its own loopback listener (its domainName,
 * localhost:<port>): forwards to its current origin, or during a rollout to the new origin with
 * the probability of the elapsed fraction of the rollout (edges are reached one by one), and
 * caches GET responses per path for the default TTL, scaled by the clock. The state is read on
 * every request, so API changes (origin, cache reset, deletion) apply at once.
 */
export class DistributionServer {
  private readonly caches = new Map<string, Map<string, CachedResponse>>();
  private readonly sites: LoopbackSites;
  forwarder: OriginForwarder = forwardNowhere;

  constructor(
    private readonly state: () => EmulatorState,
    private readonly clock: Clock,
    log?: (line: string) => void,
    /** Told when a distribution's port moved (its domainName changed) outside any call, to persist it. */
    changed?: () => void,
  ) {
    this.sites = new LoopbackSites(
      {
        kind: 'distribution',
        wanted: () => Object.values(this.distributions()).map((d) => ({ key: d.name, port: d.port })),
        answer: (name, request) => this.answer(this.distributions()[name], request),
        relocate: (name, port) => {
          const d = this.distributions()[name];
          if (d) d.port = port;
          changed?.();
        },
        closed: (name) => this.caches.delete(name),
      },
      log,
    );
  }

  /** Opens a listener for every distribution and closes those of deleted ones. */
  sync(): Promise<void> {
    return this.sites.sync();
  }

  close(): Promise<void> {
    return this.sites.close();
  }

  private distributions(): Record<string, StoredDistribution> {
    return this.state()[GLOBAL_REGION]?.distributions ?? {};
  }

  private async answer(d: StoredDistribution | undefined, request: OriginRequest): Promise<OriginResponse> {
    if (!d) return textResponse(404, 'This distribution no longer exists.');
    if (!d.isEnabled) return textResponse(403, `The distribution ${d.name} is disabled.`);
    const now = this.clock.now();
    if (distributionStatus(d, now) === 'Failed')
      return textResponse(502, `The distribution ${d.name} failed.`);
    const origin = this.edgeOrigin(d, now);
    if (!origin) return textResponse(503, `The distribution ${d.name} is not deployed to this edge yet.`);

    const cacheable =
      (request.method === 'GET' || request.method === 'HEAD') &&
      isCachedPath(pathOf(request.url), d.defaultCacheBehavior.behavior, d.cacheBehaviors);
    const key = cacheKey(d, request.url);
    const cache = this.cacheOf(d.name);
    if (cacheable) {
      const hit = cache.get(key);
      const resetAt = d.lastCacheReset?.createdAtMs ?? -Infinity;
      if (hit && now < hit.expiresAtMs && hit.storedAtMs >= resetAt) {
        return { ...hit, headers: { ...hit.headers, [CACHE_HEADER]: 'Hit from cloudfront' } };
      }
    }
    const response = await this.forwarder(origin, request);
    const headers = {
      ...response.headers,
      [ORIGIN_HEADER]: `${origin.resourceType}/${origin.regionName}/${origin.name}`,
      [CACHE_HEADER]: 'Miss from cloudfront',
    };
    if (cacheable && request.method === 'GET' && response.status === 200) {
      const ttlMs = (d.cacheBehaviorSettings.defaultTTL * 1000) / this.clock.timeScale;
      cache.set(key, { ...response, headers, storedAtMs: now, expiresAtMs: now + ttlMs });
    }
    return { ...response, headers };
  }

  /**
   * The origin this request's edge serves: during a rollout, an edge has the new configuration
   * with the probability of the elapsed fraction; before the first rollout ends, edges not yet
   * reached have none.
   */
  private edgeOrigin(d: StoredDistribution, now: number): StoredOrigin | undefined {
    if (now >= d.rolloutEndAtMs) return d.origin;
    const span = d.rolloutEndAtMs - d.rolloutStartAtMs;
    const elapsed = span > 0 ? (now - d.rolloutStartAtMs) / span : 1;
    return Math.random() < elapsed ? d.origin : d.previousOrigin;
  }

  private cacheOf(name: string): Map<string, CachedResponse> {
    let cache = this.caches.get(name);
    if (!cache) {
      cache = new Map();
      this.caches.set(name, cache);
    }
    return cache;
  }
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? '/';
}

/** Per path; the query string counts only when the distribution forwards query strings. */
function cacheKey(d: StoredDistribution, url: string): string {
  const q = d.cacheBehaviorSettings.forwardedQueryStrings;
  if (!q.option) return pathOf(url);
  return url;
}

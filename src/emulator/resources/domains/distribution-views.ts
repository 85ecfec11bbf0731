import type { Clock } from '../../clock';
import { cloneStored } from '../../state';
import { GLOBAL_REGION } from './common';
import { originPublicDns } from './origins';
import type { StoredDistribution } from './types';

/** Distribution bundles Lightsail offers (GetDistributionBundles). */
export const DISTRIBUTION_BUNDLES = [
  { bundleId: 'small_1_0', name: 'Small', price: 2.5, transferPerMonthInGb: 50, isActive: true },
  { bundleId: 'medium_1_0', name: 'Medium', price: 5, transferPerMonthInGb: 100, isActive: true },
  { bundleId: 'large_1_0', name: 'Large', price: 35, transferPerMonthInGb: 500, isActive: true },
];

export type DistributionStatus = 'InProgress' | 'Deployed' | 'Failed';

export function distributionStatus(d: StoredDistribution, now: number): DistributionStatus {
  if (now < d.rolloutEndAtMs) return 'InProgress';
  return d.failed ? 'Failed' : 'Deployed';
}

/** localhost:<port>: the distribution's own loopback listener, which http:// reaches. */
export const distributionDomainName = (d: StoredDistribution) => `localhost:${d.port}`;

export function distributionView(d: StoredDistribution, clock: Clock) {
  const now = clock.now();
  return {
    name: d.name,
    arn: d.arn,
    supportCode: d.supportCode,
    createdAt: d.createdAtMs / 1000,
    location: { availabilityZone: 'all', regionName: GLOBAL_REGION },
    resourceType: 'Distribution',
    alternativeDomainNames: d.alternativeDomainNames,
    status: distributionStatus(d, now),
    isEnabled: d.isEnabled,
    domainName: distributionDomainName(d),
    bundleId: d.bundleId,
    ...(d.certificateName !== undefined ? { certificateName: d.certificateName } : {}),
    origin: { ...d.origin },
    originPublicDNS: originPublicDns(d.origin),
    defaultCacheBehavior: { ...d.defaultCacheBehavior },
    cacheBehaviorSettings: cloneStored(d.cacheBehaviorSettings),
    cacheBehaviors: d.cacheBehaviors.map((b) => ({ ...b })),
    ableToUpdateBundle: d.bundleLockedUntilAtMs === undefined || now >= d.bundleLockedUntilAtMs,
    ipAddressType: d.ipAddressType,
    tags: d.tags,
  };
}

/** The reset's status: InProgress until it has reached every edge. */
export function cacheResetView(d: StoredDistribution, now: number) {
  const reset = d.lastCacheReset;
  if (!reset) return {};
  return {
    createTime: reset.createdAtMs / 1000,
    status: now < reset.completesAtMs ? 'InProgress' : 'Completed',
  };
}

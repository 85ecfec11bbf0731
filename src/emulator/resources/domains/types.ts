import type { Tag } from '../../state';

/**
 * Stored shapes of domains, certificates and distributions (plain JSON, times in `...AtMs`
 * fields, states derived on read; see state.ts).
 */

/**
 * How long things take on AWS, in seconds, scaled by the clock.
 *
 * | what                                                          | AWS seconds |
 * |---------------------------------------------------------------|-------------|
 * | certificate issued once its validation records are in a Lightsail domain | 60 |
 * | certificate issued without them (validated by DNS outside the emulator)  | 1800 |
 * | CreateDistribution: InProgress -> Deployed                    | 600         |
 * | UpdateDistribution (any change) / bundle or certificate change: rollout | 300 |
 * | ResetDistributionCache: InProgress -> Completed               | 60          |
 * | a bundle change locks further changes for (a billing cycle)   | 2592000     |
 * | domains and domain entries                                    | at once     |
 */
export const DOMAIN_DURATIONS = {
  certificateValidatedInLightsail: 60,
  certificateValidatedElsewhere: 1800,
  createDistribution: 600,
  updateDistribution: 300,
  resetDistributionCache: 60,
  bundleChangeLock: 30 * 86_400,
} as const;

/** Distribution defaults and Lightsail's limits for these families. */
export const CERTIFICATE_MAX_ALTERNATIVE_NAMES = 9;
export const CERTIFICATE_VALIDITY_DAYS = 395;

export interface StoredDomainEntry {
  id: string;
  name: string;
  target: string;
  type: string;
  isAlias: boolean;
  options: Record<string, string>;
}

export interface StoredDomain {
  name: string;
  arn: string;
  supportCode: string;
  createdAtMs: number;
  tags: Tag[];
  entries: StoredDomainEntry[];
}

/** The CNAME a certificate asks for, per domain name it covers. */
export interface ValidationRecord {
  domainName: string;
  name: string;
  type: 'CNAME';
  value: string;
}

export interface StoredCertificate {
  name: string;
  arn: string;
  supportCode: string;
  createdAtMs: number;
  tags: Tag[];
  domainName: string;
  subjectAlternativeNames: string[];
  validationRecords: ValidationRecord[];
  /** Set once its records are found in a Lightsail domain: ISSUED from this moment. */
  issuedAtMs?: number;
  /** When a validation by DNS outside the emulator would have issued it. */
  validatedElsewhereAtMs: number;
  serialNumber: string;
  /** Set when a fault rule failed the operation that made it: status FAILED. */
  failed?: boolean;
}

export interface StoredOrigin {
  name: string;
  regionName: string;
  resourceType: string;
  protocolPolicy: string;
}

export interface CacheBehaviorPerPath {
  path: string;
  behavior: 'cache' | 'dont-cache';
}

export interface CacheSettings {
  defaultTTL: number;
  minimumTTL: number;
  maximumTTL: number;
  allowedHTTPMethods: string;
  cachedHTTPMethods: string;
  forwardedCookies: { option: string; cookiesAllowList: string[] };
  forwardedHeaders: { option: string; headersAllowList: string[] };
  forwardedQueryStrings: { option: boolean; queryStringsAllowList: string[] };
}

export interface StoredDistribution {
  name: string;
  arn: string;
  supportCode: string;
  createdAtMs: number;
  tags: Tag[];
  bundleId: string;
  /** Lightsail lets a bundle change once per billing cycle: not again before this moment. */
  bundleLockedUntilAtMs?: number;
  ipAddressType: 'dualstack' | 'ipv4';
  isEnabled: boolean;
  origin: StoredOrigin;
  /** The origin before the latest change: edges not yet reached by the rollout still use it. */
  previousOrigin?: StoredOrigin;
  /** The latest rollout (creation or update): InProgress from start to end, then Deployed. */
  rolloutStartAtMs: number;
  rolloutEndAtMs: number;
  defaultCacheBehavior: { behavior: 'cache' | 'dont-cache' };
  cacheBehaviors: CacheBehaviorPerPath[];
  cacheBehaviorSettings: CacheSettings;
  certificateName?: string;
  alternativeDomainNames: string[];
  /** The loopback port of its listener: its domainName is localhost:<port>. */
  port: number;
  lastCacheReset?: { createdAtMs: number; completesAtMs: number };
  failed?: boolean;
}

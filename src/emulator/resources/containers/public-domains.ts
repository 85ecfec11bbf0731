import type { Clock } from '../../clock';
import { invalidInput, notFound } from '../../errors';
import type { EmulatorState, RegionStore } from '../../state';
import { certificateStatus } from '../domains/certificates';
import { GLOBAL_REGION } from '../domains/common';
import { distributionDomainName } from '../domains/distribution-views';
import type { StoredDistribution, StoredOrigin } from '../domains/types';

/** Lightsail allows four public domain names a container service. */
const MAX_DOMAINS = 4;

function isDistributionDomain(state: EmulatorState, domain: string): boolean {
  return Object.values(state[GLOBAL_REGION]?.distributions ?? {}).some(
    (d) => distributionDomainName(d) === domain,
  );
}

/**
 * The publicDomainNames parameter: certificate name to domain names. Each certificate must be an
 * ISSUED Lightsail certificate of the service's region that covers its domains; a distribution's
 * default domain needs none (CloudFront's certificate covers it), whatever key it sits under.
 */
export function publicDomainNamesParam(
  state: EmulatorState,
  store: RegionStore,
  raw: unknown,
  clock: Clock,
): Record<string, string[]> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidInput('publicDomainNames must be a map of certificate name to a list of domain names.');
  }
  const result: Record<string, string[]> = {};
  let count = 0;
  for (const [certificateName, domains] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(domains) || !domains.every((d): d is string => typeof d === 'string' && d !== '')) {
      throw invalidInput(`publicDomainNames.${certificateName} must be a list of domain names.`);
    }
    count += domains.length;
    const custom = domains.filter((d) => !isDistributionDomain(state, d));
    if (custom.length > 0) {
      const certificate = store.certificates[certificateName];
      if (!certificate) {
        throw notFound(
          `publicDomainNames: the certificate ${certificateName} does not exist in this region; create and validate it with CreateCertificate first.`,
        );
      }
      if (certificateStatus(certificate, clock) !== 'ISSUED') {
        throw invalidInput(
          `publicDomainNames: the certificate ${certificateName} is not ISSUED yet; validate it before using its domains.`,
        );
      }
      const covered = [certificate.domainName, ...certificate.subjectAlternativeNames];
      const uncovered = custom.find((d) => !covered.includes(d));
      if (uncovered) {
        throw invalidInput(
          `publicDomainNames: the certificate ${certificateName} does not cover ${uncovered} (it covers ${covered.join(', ')}).`,
        );
      }
    }
    result[certificateName] = [...domains];
  }
  if (count > MAX_DOMAINS) {
    throw invalidInput(
      `A container service can have at most ${MAX_DOMAINS} public domain names; got ${count}.`,
    );
  }
  return result;
}

/**
 * When a distribution's origin becomes a container service, Lightsail adds the distribution's
 * default domain to the service's public domain names: the service answers only the hosts it
 * knows, and the distribution forwards its own. Kept under the distribution's name.
 */
export function admitDistributionDomain(
  state: EmulatorState,
  origin: StoredOrigin,
  distribution: StoredDistribution,
): void {
  if (origin.resourceType !== 'ContainerService') return;
  const service = state[origin.regionName]?.containerServices[origin.name];
  if (!service) return;
  const domain = distributionDomainName(distribution);
  const known = Object.values(service.publicDomainNames).some((names) => names.includes(domain));
  if (!known) service.publicDomainNames[distribution.name] = [domain];
}

import type { ActionRegistry } from '../../registry';
import { registerCertificates } from './certificates';
import { registerDistributions } from './distributions';
import { registerDomains } from './domains';

/** Domains with their entries, certificates and CDN distributions. */
export function registerDomainFamily(registry: ActionRegistry): void {
  registerDomains(registry);
  registerCertificates(registry);
  registerDistributions(registry);
}

export { isValidationRecordPresent } from './validation-record';

import type { ActionRegistry } from '../../registry';
import { registerSubdomainAssociations } from './associations';
import { registerSubdomains } from './subdomains';

/** Subdomains of amazonlightsail.com and their association with distributions. */
export function registerSubdomainFamily(registry: ActionRegistry): void {
  registerSubdomains(registry);
  registerSubdomainAssociations(registry);
}

import { invalidInput } from '../errors';
import type { ActionRegistry } from '../registry';

/**
 * Lightsail's bucket bundles as the console lists them (price in US dollars a month, storage and
 * transfer quotas in GB). All are active; includeInactive therefore changes nothing, but it is
 * still checked to be a boolean as the reference types it.
 */
export const BUCKET_BUNDLES = [
  { bundleId: 'small_1_0', name: 'Small', price: 1, storagePerMonthInGb: 5, transferPerMonthInGb: 100 },
  { bundleId: 'medium_1_0', name: 'Medium', price: 3, storagePerMonthInGb: 100, transferPerMonthInGb: 250 },
  { bundleId: 'large_1_0', name: 'Large', price: 5, storagePerMonthInGb: 250, transferPerMonthInGb: 500 },
] as const;

export function registerBucketBundles(registry: ActionRegistry): void {
  registry.register(
    'GetBucketBundles',
    (_ctx, params) => {
      const includeInactive = params.includeInactive;
      if (includeInactive !== undefined && typeof includeInactive !== 'boolean') {
        throw invalidInput('The includeInactive parameter must be a boolean.');
      }
      return { bundles: BUCKET_BUNDLES.map((b) => ({ ...b, isActive: true })) };
    },
    { mutating: false },
  );
}

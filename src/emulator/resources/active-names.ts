import type { ActionRegistry } from '../registry';
import type { RegionStore } from '../state';
import { optionalString } from '../validation';
import { page } from './common';

/** GetActiveNames: the names of the resources of a region, the ones a user chose. */

const ACTIVE_NAMES_PAGE_SIZE = 100;

function activeNames(store: RegionStore): string[] {
  const collections: Record<string, { name: string }>[] = [
    store.instances,
    store.instanceSnapshots,
    store.disks,
    store.diskSnapshots,
    store.staticIps,
    store.loadBalancers,
    store.buckets,
    store.containerServices,
    store.domains,
    store.certificates,
    store.distributions,
    store.alarms,
  ];
  const named = collections.flatMap((collection) => Object.values(collection).map((r) => r.name));
  // The default key pair is Lightsail's, not named by the user, and listed only on request.
  const keyPairs = Object.values(store.keyPairs)
    .filter((k) => !k.isDefault)
    .map((k) => k.name);
  return [...new Set([...named, ...keyPairs])].sort();
}

export function registerActiveNames(registry: ActionRegistry): void {
  registry.register(
    'GetActiveNames',
    (ctx, params) => {
      const { items, next } = page(
        activeNames(ctx.store),
        optionalString(params, 'pageToken'),
        ACTIVE_NAMES_PAGE_SIZE,
      );
      return { activeNames: items, nextPageToken: next };
    },
    { mutating: false },
  );
}

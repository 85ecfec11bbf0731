import type { ActionRegistry } from '../registry';
import type { RegionStore } from '../state';

/** GetActiveNames: the names of the resources of a region, the ones a user chose. */

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
    (ctx) => {
      // Paged by the server (pagination.ts), like every paginated action.
      return { activeNames: activeNames(ctx.store) };
    },
    { mutating: false },
  );
}

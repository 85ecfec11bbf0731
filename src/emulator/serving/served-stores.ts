import type { StatePath } from '../change-tracker';
import type { RegionStore } from '../state';

/**
 * The stores whose records the loopback listeners serve (instances, container services,
 * distributions, databases: each family's `wanted()` reads only its own). A call that writes none
 * of them leaves every listener as it was, so the emulator does not reconcile them after it: a
 * reconcile reads every served record of every region, which after each snapshot copy or tag of a
 * fleet's worth of instances cost the benchmark's process more than the call.
 */
const SERVED_STORES: ReadonlySet<keyof RegionStore> = new Set<keyof RegionStore>([
  'instances',
  'containerServices',
  'distributions',
  'relationalDatabases',
]);

/** Whether a call that wrote these paths may change what is served (a whole region counts). */
export function touchesServed(paths: readonly StatePath[]): boolean {
  return paths.some((path) => path.length < 2 || SERVED_STORES.has(path[1] as keyof RegionStore));
}

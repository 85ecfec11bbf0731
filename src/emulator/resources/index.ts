import { ActionRegistry } from '../registry';
import { registerAutoSnapshots } from './auto-snapshots';
import { registerBucketBundles } from './bucket-bundles';
import { registerBuckets } from './buckets';
import { registerCatalog } from './catalog';
import { registerCopySnapshot } from './copy-snapshot';
import { registerDatabases } from './databases';
import { registerDisks } from './disks';
import { registerDomainFamily } from './domains';
import { registerExportToEc2 } from './export-to-ec2';
import { registerInstancePower } from './instance-power';
import { registerInstanceSnapshots } from './instance-snapshots';
import { registerInstances } from './instances';
import { registerNetwork } from './network';
import { registerOperations } from './operations';
import { registerRegions } from './regions';
import { registerTags } from './tags';

/** Every Lightsail action the emulator implements. */
export function createRegistry(): ActionRegistry {
  const registry = new ActionRegistry();
  for (const register of [
    registerOperations,
    registerRegions,
    registerCatalog,
    registerInstances,
    registerInstancePower,
    registerInstanceSnapshots,
    registerDisks,
    registerAutoSnapshots,
    registerCopySnapshot,
    registerDomainFamily,
    registerNetwork,
    registerTags,
    registerBucketBundles,
    registerBuckets,
    registerExportToEc2,
    registerDatabases,
  ]) {
    register(registry);
  }
  return registry;
}

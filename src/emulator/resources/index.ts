import { ActionRegistry } from '../registry';
import { registerActiveNames } from './active-names';
import { registerAlarmFamily } from './alarms';
import { registerAutoSnapshots } from './auto-snapshots';
import { registerBucketAccess } from './bucket-access';
import { registerBucketBundles } from './bucket-bundles';
import { registerBuckets } from './buckets';
import { registerCatalog } from './catalog';
import { registerContainerFamily } from './containers';
import { registerCopySnapshot } from './copy-snapshot';
import { registerDatabases } from './databases';
import { registerDisks } from './disks';
import { registerDomainFamily } from './domains';
import { registerExportToEc2 } from './export-to-ec2';
import { registerInstanceAccess } from './instance-access';
import { registerInstanceMetadata } from './instance-metadata';
import { registerCostEstimate } from './cost-estimate';
import { registerGuiSessions } from './gui-sessions';
import { registerInstanceHttps } from './instance-https';
import { registerProfile } from './profile';
import { registerSubdomainFamily } from './subdomains';
import { registerInstancePower } from './instance-power';
import { registerInstanceSnapshots } from './instance-snapshots';
import { registerInstances } from './instances';
import { registerIpAddressType } from './ip-address-type';
import { registerMetricActions } from './metric-actions';
import { registerNetwork } from './network';
import { registerOperations } from './operations';
import { registerRegions } from './regions';
import { registerTags } from './tags';
import { registerVpcPeering } from './vpc-peering';

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
    registerContainerFamily,
    registerBucketAccess,
    registerMetricActions,
    registerAlarmFamily,
    registerInstanceAccess,
    registerVpcPeering,
    registerActiveNames,
    registerIpAddressType,
    registerDatabases,
    registerInstanceMetadata,
    registerCostEstimate,
    registerInstanceHttps,
    registerGuiSessions,
    registerSubdomainFamily,
    registerProfile,
  ]) {
    register(registry);
  }
  return registry;
}

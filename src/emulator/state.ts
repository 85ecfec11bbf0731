import { REGIONS } from './catalog';
import type { StoredCloudFormationStackRecord, StoredExportSnapshotRecord } from './resources/export-to-ec2';
import type {
  DiskAttachment,
  StoredKeyPair,
  StoredLoadBalancer,
  StoredPort,
  StoredStaticIp,
} from './resources/network/types';
import type { StoredCertificate, StoredDistribution, StoredDomain } from './resources/domains/types';
import type { StoredBucket } from './resources/buckets';
import type { StoredContainerService } from './resources/containers/types';
import type { StoredAlarm, StoredContactMethod } from './resources/alarms/types';
import type { StoredRelationalDatabase } from './resources/databases/types';
import type { StoredDatabaseSnapshot } from './resources/databases/snapshots';
import type { InstanceBehaviour } from './resources/instance-serving/behaviour';
import type { StoredMetadataOptions } from './resources/instance-metadata-view';
import type { StoredGuiSession } from './resources/gui-sessions';
import type { StoredHttpsSetup } from './resources/instance-https';
import type { StoredSubdomain, StoredSubdomainReservation } from './resources/subdomains/types';

/**
 * The emulator's state: one store per region, plain JSON so it can be dumped and persisted.
 * Times are real epoch milliseconds in fields named `...AtMs` (absolute, so they survive a
 * restart); a resource's state is derived on read from `readyAtMs` (pending before, final
 * after), like moto's state manager, so no timers are needed. Keep the `AtMs` naming for new
 * fields: a time-scale change rescales every such field still in the future (clock.ts).
 */

export interface Tag {
  key: string;
  value?: string;
}

export interface StoredBase {
  name: string;
  arn: string;
  supportCode: string;
  createdAtMs: number;
  availabilityZone: string;
  tags: Tag[];
  /** When the pending state ends. */
  readyAtMs: number;
  /** Set when the operation that made it was failed by a fault rule: it ends in state error. */
  failed?: boolean;
}

export interface AutoSnapshotAddOn {
  name: 'AutoSnapshot';
  status: 'Enabled';
  snapshotTimeOfDay: string;
}

/** The last start or stop: the instance is in transition until `settlesAtMs`. */
export interface PowerChange {
  target: 'running' | 'stopped';
  settlesAtMs: number;
}

export interface StoredInstance extends StoredBase {
  power?: PowerChange;
  blueprintId: string;
  blueprintName: string;
  bundleId: string;
  addOns: AutoSnapshotAddOn[];
  /** Open ports; undefined means the defaults of a new instance (22 and 80). */
  ports?: StoredPort[];
  staticIp?: { name: string; ipAddress: string };
  sshKeyName?: string;
  /** Set by SetIpAddressType; undefined means ipv4, as the emulator's instances start. */
  ipAddressType?: 'dualstack' | 'ipv4';
  /**
   * How its software answers (its snapshot's, then its user data's EMULATOR_* lines); the user
   * data itself is a secret and is not stored.
   */
  behaviour?: InstanceBehaviour;
  /** The loopback port serving each open TCP port (by port number), kept so it survives a restart. */
  servedPorts?: Record<string, number>;
  /**
   * Counts the public IPv4 addresses it had: Lightsail gives an instance a new one when it starts
   * again or loses its static IP. Undefined for its first.
   */
  publicIpGeneration?: number;
  /** Set by UpdateInstanceMetadataOptions; undefined means a new instance's defaults. */
  metadataOptions?: StoredMetadataOptions;
}

export interface StoredInstanceSnapshot extends StoredBase {
  fromInstanceName?: string;
  fromInstanceArn?: string;
  fromBlueprintId?: string;
  fromBundleId?: string;
  /** The disks attached to the instance when the snapshot was taken, as they were then. */
  fromAttachedDisks?: StoredDisk[];
  sizeInGb: number;
  isFromAutoSnapshot: boolean;
  /** The software on its disk: how instances made from it answer (see InstanceBehaviour). */
  behaviour?: InstanceBehaviour;
}

export interface StoredDisk extends StoredBase {
  sizeInGb: number;
  addOns: AutoSnapshotAddOn[];
  attachment?: DiskAttachment;
}

export interface StoredDiskSnapshot extends StoredBase {
  fromDiskName?: string;
  fromDiskArn?: string;
  fromInstanceName?: string;
  fromInstanceArn?: string;
  sizeInGb: number;
  isFromAutoSnapshot: boolean;
}

export interface StoredAutoSnapshot {
  resourceName: string;
  resourceType: 'Instance' | 'Disk';
  date: string;
  createdAtMs: number;
  status: 'Success' | 'Failed' | 'InProgress' | 'NotFound';
  /** What a copy of it is made from: the resource as it was when the snapshot was taken. */
  fromArn: string;
  blueprintId?: string;
  bundleId?: string;
  sizeInGb: number;
  /** An instance's software, as on its disk then. */
  behaviour?: InstanceBehaviour;
}

export interface StoredOperation {
  id: string;
  resourceName: string;
  resourceType: string;
  operationType: string;
  operationDetails: string;
  availabilityZone: string;
  createdAtMs: number;
  completesAtMs: number;
  failure?: { errorCode: string; errorDetails: string };
}

export interface RegionStore {
  instances: Record<string, StoredInstance>;
  instanceSnapshots: Record<string, StoredInstanceSnapshot>;
  disks: Record<string, StoredDisk>;
  diskSnapshots: Record<string, StoredDiskSnapshot>;
  autoSnapshots: StoredAutoSnapshot[];
  operations: Record<string, StoredOperation>;
  domains: Record<string, StoredDomain>;
  certificates: Record<string, StoredCertificate>;
  distributions: Record<string, StoredDistribution>;
  keyPairs: Record<string, StoredKeyPair>;
  staticIps: Record<string, StoredStaticIp>;
  loadBalancers: Record<string, StoredLoadBalancer>;
  buckets: Record<string, StoredBucket>;
  exportSnapshotRecords: Record<string, StoredExportSnapshotRecord>;
  cloudFormationStackRecords: Record<string, StoredCloudFormationStackRecord>;
  containerServices: Record<string, StoredContainerService>;
  alarms: Record<string, StoredAlarm>;
  /** At most one contact method a protocol in a region, keyed by protocol. */
  contactMethods: Record<string, StoredContactMethod>;
  /** Whether PeerVpc has peered the region's Lightsail VPC with its default VPC. */
  vpcPeered: boolean;
  relationalDatabases: Record<string, StoredRelationalDatabase>;
  relationalDatabaseSnapshots: Record<string, StoredDatabaseSnapshot>;
  /** SetupInstanceHttps requests, by operation id. */
  httpsSetups: Record<string, StoredHttpsSetup>;
  /** GUI sessions of Lightsail for Research instances, by instance name. */
  guiSessions: Record<string, StoredGuiSession>;
  /** Subdomains of amazonlightsail.com, by name (us-east-1 only), and their reservations. */
  subdomains: Record<string, StoredSubdomain>;
  subdomainReservations: Record<string, StoredSubdomainReservation>;
  /**
   * Tests' steering of instances by name (control API), set before or after the instance
   * exists; it wins over the instance's own behaviour.
   */
  instanceBehaviourOverrides: Record<string, InstanceBehaviour>;
}

export type EmulatorState = Record<string, RegionStore>;

export function emptyRegionStore(): RegionStore {
  return {
    instances: {},
    instanceSnapshots: {},
    disks: {},
    diskSnapshots: {},
    autoSnapshots: [],
    operations: {},
    domains: {},
    certificates: {},
    distributions: {},
    keyPairs: {},
    staticIps: {},
    loadBalancers: {},
    buckets: {},
    exportSnapshotRecords: {},
    cloudFormationStackRecords: {},
    containerServices: {},
    alarms: {},
    contactMethods: {},
    vpcPeered: false,
    relationalDatabases: {},
    relationalDatabaseSnapshots: {},
    httpsSetups: {},
    guiSessions: {},
    subdomains: {},
    subdomainReservations: {},
    instanceBehaviourOverrides: {},
  };
}

export function emptyState(): EmulatorState {
  return Object.fromEntries(REGIONS.map((r) => [r, emptyRegionStore()]));
}

/**
 * A deep copy of stored data. Not structuredClone: a mutating handler sees the state through
 * change-tracking proxies (change-tracker.ts), which structuredClone refuses; the state is plain
 * JSON anyway.
 */
export function cloneStored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

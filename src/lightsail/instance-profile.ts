import {
  GetInstancePortStatesCommand,
  GetLoadBalancersCommand,
  GetStaticIpsCommand,
  type Instance,
  type InstanceHealthSummary,
  type InstancePortState,
} from '@aws-sdk/client-lightsail';
import { callLightsail } from './call';
import { allPages } from './pages';
import type { LightsailClients } from './clients';
import { RUN_TAG_KEY } from './ownership';

/**
 * Everything about an instance that a move to a new instance must carry: read once, before
 * anything changes, and kept in the run's history so that a rollback puts back what was there.
 */
export interface InstanceProfile {
  region: string;
  name: string;
  arn: string;
  /** Proof of identity when the run later stops or deletes it: a same-named newcomer differs. */
  createdAt: string;
  state: string;
  bundleId: string;
  blueprintId: string;
  availabilityZone: string;
  ipAddressType?: string;
  publicIpAddress?: string;
  ipv6Addresses: string[];
  staticIp?: { name: string; ipAddress: string };
  /** Attached disks other than the system disk. */
  disks: { name: string; path: string; sizeInGb: number }[];
  ports: {
    fromPort: number;
    toPort: number;
    protocol: string;
    cidrs: string[];
    ipv6Cidrs: string[];
    cidrListAliases: string[];
  }[];
  /** The user's tags: the tool's own (lightsail-flows:*) stay with what it made. */
  tags: Record<string, string>;
  autoSnapshot?: { snapshotTimeOfDay?: string };
  metadataOptions?: {
    httpTokens?: string;
    httpEndpoint?: string;
    httpPutResponseHopLimit?: number;
    httpProtocolIpv6?: string;
  };
  /** Load balancers of the region the instance is attached to. */
  loadBalancers: string[];
}

/** Reads the profile of an instance already read with GetInstance. */
export async function readInstanceProfile(
  clients: LightsailClients,
  region: string,
  instance: Instance,
): Promise<InstanceProfile> {
  const name = instance.name ?? '';
  const [ports, staticIps, loadBalancers] = await Promise.all([
    callLightsail(clients, region, 'GetInstancePortStates', (c) =>
      c.send(new GetInstancePortStatesCommand({ instanceName: name })),
    ),
    instance.isStaticIp ? listStaticIps(clients, region) : Promise.resolve([]),
    loadBalancersOf(clients, region, name),
  ]);
  const staticIp = staticIps.find((ip) => ip.attachedTo === name);
  const autoSnapshot = instance.addOns?.find((a) => a.name === 'AutoSnapshot' && a.status === 'Enabled');
  const m = instance.metadataOptions;
  return {
    region,
    name,
    arn: instance.arn ?? '',
    createdAt: instance.createdAt?.toISOString() ?? '',
    state: instance.state?.name ?? 'unknown',
    bundleId: instance.bundleId ?? '',
    blueprintId: instance.blueprintId ?? '',
    availabilityZone: instance.location?.availabilityZone ?? '',
    ...(instance.ipAddressType ? { ipAddressType: instance.ipAddressType } : {}),
    ...(instance.publicIpAddress ? { publicIpAddress: instance.publicIpAddress } : {}),
    ipv6Addresses: instance.ipv6Addresses ?? [],
    ...(staticIp?.name && staticIp.ipAddress
      ? { staticIp: { name: staticIp.name, ipAddress: staticIp.ipAddress } }
      : {}),
    disks: (instance.hardware?.disks ?? [])
      .filter((d) => !d.isSystemDisk && d.name && d.path)
      .map((d) => ({ name: d.name!, path: d.path!, sizeInGb: d.sizeInGb ?? 0 })),
    ports: (ports.portStates ?? []).filter(isOpen).map((p) => ({
      fromPort: p.fromPort ?? 0,
      toPort: p.toPort ?? 0,
      protocol: p.protocol ?? 'tcp',
      cidrs: p.cidrs ?? [],
      ipv6Cidrs: p.ipv6Cidrs ?? [],
      cidrListAliases: p.cidrListAliases ?? [],
    })),
    tags: Object.fromEntries(
      (instance.tags ?? [])
        .filter((t) => t.key && !t.key.startsWith('lightsail-flows:') && t.key !== RUN_TAG_KEY)
        .map((t) => [t.key!, t.value ?? '']),
    ),
    ...(autoSnapshot ? { autoSnapshot: { snapshotTimeOfDay: autoSnapshot.snapshotTimeOfDay } } : {}),
    ...(m
      ? {
          metadataOptions: {
            httpTokens: m.httpTokens,
            httpEndpoint: m.httpEndpoint,
            httpPutResponseHopLimit: m.httpPutResponseHopLimit,
            httpProtocolIpv6: m.httpProtocolIpv6,
          },
        }
      : {}),
    loadBalancers,
  };
}

function isOpen(p: InstancePortState): boolean {
  return p.state === undefined || p.state === 'open';
}

/** Every static IP of a region (one page holds Lightsail's few per region; pages followed anyway). */
export function listStaticIps(clients: LightsailClients, region: string) {
  return allPages(async (pageToken) => {
    const out = await callLightsail(clients, region, 'GetStaticIps', (c) =>
      c.send(new GetStaticIpsCommand({ pageToken })),
    );
    return { items: out.staticIps, next: out.nextPageToken };
  });
}

/**
 * Whether a load balancer's health entry is an attached instance: one detached stays listed while
 * it drains (draining, Instance.DeregistrationInProgress) and after (unused, Instance.NotRegistered).
 */
export function isRegistered(h: InstanceHealthSummary): boolean {
  return (
    h.instanceHealth !== 'draining' &&
    h.instanceHealthReason !== 'Instance.NotRegistered' &&
    h.instanceHealthReason !== 'Instance.DeregistrationInProgress'
  );
}

/** The load balancers of a region that have the instance attached. */
export async function loadBalancersOf(
  clients: LightsailClients,
  region: string,
  instanceName: string,
): Promise<string[]> {
  const loadBalancers = await allPages(async (pageToken) => {
    const out = await callLightsail(clients, region, 'GetLoadBalancers', (c) =>
      c.send(new GetLoadBalancersCommand({ pageToken })),
    );
    return { items: out.loadBalancers, next: out.nextPageToken };
  });
  return loadBalancers
    .filter((lb) => lb.instanceHealthSummary?.some((h) => h.instanceName === instanceName && isRegistered(h)))
    .flatMap((lb) => (lb.name ? [lb.name] : []));
}

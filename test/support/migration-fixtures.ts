import {
  AllocateStaticIpCommand,
  AttachDiskCommand,
  AttachInstancesToLoadBalancerCommand,
  AttachStaticIpCommand,
  CreateDiskCommand,
  CreateDomainCommand,
  CreateDomainEntryCommand,
  CreateInstancesCommand,
  CreateLoadBalancerCommand,
  GetDiskCommand,
  GetDomainCommand,
  GetInstancePortStatesCommand,
  GetLoadBalancerCommand,
  GetStaticIpCommand,
  PutInstancePublicPortsCommand,
  ReleaseStaticIpCommand,
  UpdateInstanceMetadataOptionsCommand,
  type Instance,
} from '@aws-sdk/client-lightsail';
import type { LightsailClients } from '../../src/lightsail/clients';
import { isRegistered } from '../../src/lightsail/instance-profile';
import { readInstance as readLightsailInstance } from '../../src/lightsail/instances';
import { uniqueName, waitUntil } from './fixtures';

/** An instance as a migration finds it: everything it carries over, arranged through the SDK. */
/** Verification quick enough for the edge tests: two GETs 50 ms apart. */
export const QUICK_HTTP = { type: 'http' as const, checks: 2, intervalSeconds: 0.05, timeoutSeconds: 2 };

/** The actions that change something: none may name the instance when a move is refused. */
export const CHANGING = /^(Create|Attach|Allocate|Put|Update|Enable|Stop|Start|Delete|Detach|Release|Copy)/;

export interface MigrationSource {
  region: string;
  instanceName: string;
  disks: { name: string; path: string }[];
  staticIpName?: string;
  address: string;
  domainName?: string;
  loadBalancerName?: string;
}

export interface SourceOptions {
  disks?: number;
  staticIp?: boolean;
  dns?: boolean;
  loadBalancer?: boolean;
  bundleId?: string;
  userData?: string;
}

/** The firewall the source instance gets: none of it the default 22-and-80 of a new instance. */
export const CUSTOM_PORTS = [
  { fromPort: 80, toPort: 80, protocol: 'tcp' as const, cidrs: ['0.0.0.0/0'] },
  { fromPort: 22, toPort: 22, protocol: 'tcp' as const, cidrs: ['10.0.0.0/8'] },
  { fromPort: 8080, toPort: 8081, protocol: 'tcp' as const, cidrs: ['192.0.2.0/24'] },
];

/**
 * A running instance with custom firewall rules, tags, automatic snapshots at 06:00, IMDSv2
 * required, and optionally disks at /dev/xvdf.., a static IP, a DNS A entry pointing at its
 * address and a load balancer it is healthy in.
 */
export async function createMigrationSource(
  clients: LightsailClients,
  region: string,
  prefix: string,
  options: SourceOptions = {},
): Promise<MigrationSource> {
  const client = clients.forRegion(region);
  const instanceName = uniqueName(prefix);
  await client.send(
    new CreateInstancesCommand({
      instanceNames: [instanceName],
      availabilityZone: `${region}a`,
      blueprintId: 'ubuntu_22_04',
      bundleId: options.bundleId ?? 'small_3_0',
      ...(options.userData ? { userData: options.userData } : {}),
      tags: [
        { key: 'app', value: 'shop' },
        { key: 'env', value: 'prod' },
      ],
      addOns: [{ addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:00' } }],
    }),
  );
  await waitUntil(`instance ${instanceName} running`, async () =>
    (await readInstance(clients, region, instanceName))?.state?.name === 'running' ? true : undefined,
  );
  await client.send(new PutInstancePublicPortsCommand({ instanceName, portInfos: CUSTOM_PORTS }));
  await client.send(new UpdateInstanceMetadataOptionsCommand({ instanceName, httpTokens: 'required' }));

  const disks: MigrationSource['disks'] = [];
  for (let i = 0; i < (options.disks ?? 0); i++) {
    const name = `${instanceName}-disk${i + 1}`;
    const path = `/dev/xvd${String.fromCharCode('f'.charCodeAt(0) + i)}`;
    await client.send(
      new CreateDiskCommand({ diskName: name, availabilityZone: `${region}a`, sizeInGb: 32 + i * 8 }),
    );
    await waitUntil(`disk ${name} available`, async () =>
      (await client.send(new GetDiskCommand({ diskName: name }))).disk?.state === 'available'
        ? true
        : undefined,
    );
    await client.send(new AttachDiskCommand({ diskName: name, instanceName, diskPath: path }));
    await waitUntil(`disk ${name} attached`, async () =>
      (await client.send(new GetDiskCommand({ diskName: name }))).disk?.attachedTo === instanceName
        ? true
        : undefined,
    );
    disks.push({ name, path });
  }

  let staticIpName: string | undefined;
  if (options.staticIp) {
    staticIpName = `${instanceName}-ip`;
    await client.send(new AllocateStaticIpCommand({ staticIpName }));
    allocated.push({ clients, region, staticIpName });
    await client.send(new AttachStaticIpCommand({ staticIpName, instanceName }));
    await waitUntil(`static IP ${staticIpName} attached`, async () =>
      (await client.send(new GetStaticIpCommand({ staticIpName }))).staticIp?.attachedTo === instanceName
        ? true
        : undefined,
    );
  }
  const address = (await readInstance(clients, region, instanceName))!.publicIpAddress!;

  let domainName: string | undefined;
  if (options.dns) {
    domainName = `${instanceName}.example.com`;
    const dns = clients.forRegion('us-east-1');
    await dns.send(new CreateDomainCommand({ domainName }));
    await dns.send(
      new CreateDomainEntryCommand({
        domainName,
        domainEntry: { name: `www.${domainName}`, type: 'A', target: address },
      }),
    );
  }

  let loadBalancerName: string | undefined;
  if (options.loadBalancer) {
    loadBalancerName = `${instanceName}-lb`;
    await client.send(
      new CreateLoadBalancerCommand({ loadBalancerName, instancePort: 80, healthCheckPath: '/' }),
    );
    await waitUntil(`load balancer ${loadBalancerName} active`, async () =>
      (await client.send(new GetLoadBalancerCommand({ loadBalancerName }))).loadBalancer?.state === 'active'
        ? true
        : undefined,
    );
    await client.send(
      new AttachInstancesToLoadBalancerCommand({ loadBalancerName, instanceNames: [instanceName] }),
    );
    await waitUntil(`${instanceName} healthy in ${loadBalancerName}`, async () =>
      (await lbHealth(clients, region, loadBalancerName!))[instanceName] === 'healthy' ? true : undefined,
    );
  }
  return { region, instanceName, disks, staticIpName, address, domainName, loadBalancerName };
}

/** The static IPs sources hold: Lightsail allows five a region, and the tests share one emulator. */
const allocated: { clients: LightsailClients; region: string; staticIpName: string }[] = [];

/** Releases every static IP a source was given (after a test): what the test made, it removes. */
export async function releaseSourceStaticIps(): Promise<void> {
  for (const { clients, region, staticIpName } of allocated.splice(0)) {
    await clients
      .forRegion(region)
      .send(new ReleaseStaticIpCommand({ staticIpName }))
      .catch(() => undefined); // already released, or the emulator has gone
  }
}

/** The instance as GetInstance answers it; undefined once it is gone. */
export function readInstance(
  clients: LightsailClients,
  region: string,
  instanceName: string,
): Promise<Instance | undefined> {
  return readLightsailInstance(clients, region, instanceName);
}

/** Instance name → health, for one load balancer. */
export async function lbHealth(
  clients: LightsailClients,
  region: string,
  loadBalancerName: string,
): Promise<Record<string, string>> {
  const lb = (await clients.forRegion(region).send(new GetLoadBalancerCommand({ loadBalancerName })))
    .loadBalancer;
  return Object.fromEntries(
    (lb?.instanceHealthSummary ?? [])
      .filter(isRegistered)
      .map((h) => [h.instanceName ?? '', h.instanceHealth ?? '']),
  );
}

/** The domain's A and AAAA entries, name → target. */
export async function dnsTargets(
  clients: LightsailClients,
  domainName: string,
): Promise<Record<string, string>> {
  const domain = (await clients.forRegion('us-east-1').send(new GetDomainCommand({ domainName }))).domain;
  return Object.fromEntries(
    (domain?.domainEntries ?? []).filter((e) => e.type === 'A').map((e) => [e.name ?? '', e.target ?? '']),
  );
}

/** The open port rules, comparable: sorted "from-to/protocol cidrs". */
export async function portRules(
  clients: LightsailClients,
  region: string,
  instanceName: string,
): Promise<string[]> {
  const out = await clients.forRegion(region).send(new GetInstancePortStatesCommand({ instanceName }));
  return (out.portStates ?? [])
    .map((p) => `${p.fromPort}-${p.toPort}/${p.protocol} ${(p.cidrs ?? []).join(',')}`)
    .sort();
}

import { createHash } from 'node:crypto';
import { BUNDLES } from '../../catalog';
import type { StoredInstance } from '../../state';
import type { StoredPort } from './types';

/**
 * The networking fields of the Instance data type (addresses, ports, key pair). Kept apart from
 * the actions so views.ts can use it without importing the action modules.
 */

/** A stable public IPv4 address from a seed (an ARN), in 3.0.0.0/8 like many AWS addresses. */
export function publicAddress(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  return `3.${h[0]}.${h[1]}.${(h[2]! % 254) + 1}`;
}

/** A stable private address in Lightsail's 172.26.0.0/16. */
export function privateAddress(seed: string): string {
  const h = createHash('sha256').update(`private:${seed}`).digest();
  return `172.26.${h[0]}.${(h[1]! % 254) + 1}`;
}

/**
 * The public IPv4 address Lightsail gave the instance itself: a new one each time it starts again
 * or loses its static IP (publicIpGeneration counts them).
 */
export function ownPublicAddress(r: StoredInstance): string {
  return publicAddress(r.publicIpGeneration ? `${r.arn}#${r.publicIpGeneration}` : r.arn);
}

/** The instance's next public address, after a start or a static IP's detachment. */
export function renewPublicAddress(r: StoredInstance): void {
  r.publicIpGeneration = (r.publicIpGeneration ?? 0) + 1;
}

/** What an instance's public address is: its static IP's when one is attached. */
export function instanceAddresses(r: StoredInstance) {
  return {
    publicIpAddress: r.staticIp?.ipAddress ?? ownPublicAddress(r),
    privateIpAddress: privateAddress(r.arn),
    isStaticIp: r.staticIp !== undefined,
  };
}

/** A stable public IPv6 address in Lightsail's 2600:1f18::/32, for dualstack instances. */
export function publicIpv6Address(seed: string): string {
  const h = createHash('sha256').update(`ipv6:${seed}`).digest('hex');
  return `2600:1f18:${[0, 4, 8, 12, 16, 20].map((i) => parseInt(h.slice(i, i + 4), 16).toString(16)).join(':')}`;
}

export const ANYWHERE = '0.0.0.0/0';

/** A new instance's ports, as Lightsail opens them: SSH and HTTP from anywhere. */
export const DEFAULT_PORTS: StoredPort[] = [22, 80].map((port) => ({
  fromPort: port,
  toPort: port,
  protocol: 'tcp',
  cidrs: [ANYWHERE],
  ipv6Cidrs: ['::/0'],
  cidrListAliases: [],
}));

export const portsOf = (r: StoredInstance): StoredPort[] => r.ports ?? DEFAULT_PORTS;

function portInfoView(p: StoredPort) {
  const anywhere = p.cidrs.includes(ANYWHERE);
  return {
    fromPort: p.fromPort,
    toPort: p.toPort,
    protocol: p.protocol,
    accessFrom: anywhere ? 'Anywhere (0.0.0.0/0 and ::/0)' : 'Custom',
    accessType: 'public',
    commonName: '',
    accessDirection: 'inbound',
    cidrs: p.cidrs,
    ipv6Cidrs: p.ipv6Cidrs,
    cidrListAliases: p.cidrListAliases,
  };
}

/** Lightsail's monthly transfer allowance grows with the bundle: 1 TB for 512 MB of RAM, up to 7 TB. */
function transferAllowance(ramSizeInGb: number): number {
  return 1024 * Math.min(7, Math.max(1, Math.round(Math.log2(ramSizeInGb * 2)) + 1));
}

/** The networking fields of the Instance data type. */
export function instanceNetworkView(r: StoredInstance) {
  const bundle = BUNDLES.find((b) => b.bundleId === r.bundleId);
  return {
    ...instanceAddresses(r),
    ipv6Addresses: r.ipAddressType === 'dualstack' ? [publicIpv6Address(r.arn)] : [],
    sshKeyName: r.sshKeyName ?? 'LightsailDefaultKeyPair',
    networking: {
      monthlyTransfer: { gbPerMonthAllocated: transferAllowance(bundle?.ramSizeInGb ?? 0.5) },
      ports: portsOf(r).map(portInfoView),
    },
  };
}

import type { StoredBase } from '../../state';

/**
 * Stored shapes of the networking family: key pairs, static IPs, instance ports, disk
 * attachments, load balancers and their TLS certificates. Plain JSON, times in `...AtMs`.
 */

/** A key pair keeps only its public half: the private key is answered once and never stored. */
export interface StoredKeyPair extends StoredBase {
  publicKeyBase64: string;
  fingerprint: string;
  /** The region's default key pair (DownloadDefaultKeyPair), listed only on request. */
  isDefault?: boolean;
}

export interface StoredStaticIp extends StoredBase {
  ipAddress: string;
  /** The instance it is attached to, if any. */
  attachedTo?: string;
}

/** One open port range of an instance (PortInfo as stored, with the defaults filled in). */
export interface StoredPort {
  fromPort: number;
  toPort: number;
  protocol: 'tcp' | 'all' | 'udp' | 'icmp';
  cidrs: string[];
  ipv6Cidrs: string[];
  cidrListAliases: string[];
}

/** A disk attached to an instance; attaching until `attachedAtMs`. */
export interface DiskAttachment {
  instanceName: string;
  path: string;
  attachedAtMs: number;
}

/** An instance behind a load balancer: registered (initial) until `healthyAtMs`, or detached. */
export interface LoadBalancerTarget {
  instanceName: string;
  healthyAtMs: number;
  detachedAtMs?: number;
}

export interface StoredLoadBalancer extends StoredBase {
  dnsName: string;
  instancePort: number;
  healthCheckPath: string;
  ipAddressType: 'dualstack' | 'ipv4';
  tlsPolicyName: string;
  httpsRedirectionEnabled: boolean;
  sessionStickinessEnabled: boolean;
  cookieDurationSeconds: number;
  targets: LoadBalancerTarget[];
  certificates: Record<string, StoredLbCertificate>;
}

export interface StoredLbCertificate extends StoredBase {
  loadBalancerName: string;
  domainName: string;
  subjectAlternativeNames: string[];
  /** Issued at this time at the latest, even without a validation record (validation outside the emulator). */
  issueByAtMs: number;
  /** Set on the first read that found its validation record in a Lightsail domain. */
  validatedAtMs?: number;
  isAttached: boolean;
  serial: string;
}

/**
 * How long networking things take on AWS, in seconds (scaled by the clock):
 *
 * | what                                                | AWS seconds |
 * |-----------------------------------------------------|-------------|
 * | CreateLoadBalancer: provisioning -> active           | 120         |
 * | an attached instance: initial -> its checks' verdict | 10          |
 * | a detached instance: draining -> unused              | 30          |
 * | AttachDisk: attaching -> attached                    | 10          |
 * | CreateDiskFromSnapshot: available                    | 30          |
 * | TLS certificate issued without a DNS record          | 600         |
 * | key pairs, static IPs, ports: at once                | 0           |
 */
export const NETWORK_DURATIONS = {
  createLoadBalancer: 120,
  initialHealthCheck: 10,
  deregistration: 30,
  attachDisk: 10,
  createDiskFromSnapshot: 30,
  issueCertificate: 600,
} as const;

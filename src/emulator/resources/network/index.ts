import type { ActionRegistry } from '../../registry';
import { registerDiskAttachments } from './disk-attachments';
import { registerKeyPairs } from './key-pairs';
import { registerLoadBalancerCertificates } from './load-balancer-certificates';
import { registerLoadBalancers } from './load-balancers';
import { registerPorts } from './ports';
import { registerStaticIps } from './static-ips';

/** Key pairs, static IPs, instance ports, disk attachments, load balancers and their certificates. */
export function registerNetwork(registry: ActionRegistry): void {
  registerKeyPairs(registry);
  registerStaticIps(registry);
  registerPorts(registry);
  registerDiskAttachments(registry);
  registerLoadBalancers(registry);
  registerLoadBalancerCertificates(registry);
}

import { invalidInput } from '../errors';
import type { ActionRegistry } from '../registry';
import { requireName, requireOneOf, requireString } from '../validation';
import { operationOn } from './common';
import { assertUsEast1, asText, globalOperation } from './domains/common';
import { getDistribution } from './domains/distributions';
import { getInstanceOrThrow } from './instances';
import { getLoadBalancer, lbOperation } from './network/load-balancers';

/** SetIpAddressType: IPv4 only, or IPv4 and IPv6, for an instance, load balancer or distribution. */

const IP_ADDRESS_TYPES = ['dualstack', 'ipv4'] as const;
/** The reference: the possible values are Distribution, Instance and LoadBalancer. */
const RESOURCE_TYPES = ['Instance', 'LoadBalancer', 'Distribution'] as const;

export function registerIpAddressType(registry: ActionRegistry): void {
  registry.register(
    'SetIpAddressType',
    (ctx, params) => {
      const resourceType = requireString(params, 'resourceType');
      if (!(RESOURCE_TYPES as readonly string[]).includes(resourceType)) {
        throw invalidInput(
          `resourceType must be one of ${RESOURCE_TYPES.join(', ')} to set an IP address type; got "${asText(resourceType)}".`,
        );
      }
      const name = requireName(params, 'resourceName');
      const ipAddressType = requireOneOf(
        'ipAddressType',
        requireString(params, 'ipAddressType'),
        IP_ADDRESS_TYPES,
      );
      if (resourceType === 'Instance') {
        const instance = getInstanceOrThrow(ctx, name);
        instance.ipAddressType = ipAddressType;
        return operationOn(ctx, instance, 'Instance', 'SetIpAddressType');
      }
      if (resourceType === 'LoadBalancer') {
        const lb = getLoadBalancer(ctx, name);
        lb.ipAddressType = ipAddressType;
        return { operations: [lbOperation(ctx, lb.name, 'LoadBalancer', 'SetIpAddressType')] };
      }
      assertUsEast1(ctx);
      const distribution = getDistribution(ctx, { distributionName: name });
      distribution.ipAddressType = ipAddressType;
      return { operations: [globalOperation(ctx, distribution.name, 'Distribution', 'SetIpAddressType')] };
    },
    { mutating: true },
  );
}

import type { OperationType } from '../operation-types';
import { createHash } from 'node:crypto';
import { invalidInput } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';

/**
 * PeerVpc, UnpeerVpc and IsVpcPeered: a region's Lightsail VPC peered with the account's default
 * VPC of that region, one flag a region (RegionStore.vpcPeered).
 */

/** The default VPC's id, stable for a region, as the operations name it. */
function defaultVpcId(region: string): string {
  return `vpc-${createHash('sha256').update(`default-vpc:${region}`).digest('hex').slice(0, 17)}`;
}

function peeringOperation(ctx: ActionContext, operationType: OperationType) {
  return ctx.operation({
    resourceName: defaultVpcId(ctx.region),
    resourceType: 'PeeredVpc',
    operationType,
    availabilityZone: 'all',
    awsSeconds: 0,
  });
}

export function registerVpcPeering(registry: ActionRegistry): void {
  registry.register(
    'PeerVpc',
    (ctx) => {
      if (ctx.store.vpcPeered) {
        throw invalidInput(`The Lightsail VPC of ${ctx.region} is already peered with the default VPC.`);
      }
      ctx.store.vpcPeered = true;
      return { operation: peeringOperation(ctx, 'PeeredVpc') };
    },
    { mutating: true },
  );

  registry.register(
    'UnpeerVpc',
    (ctx) => {
      if (!ctx.store.vpcPeered) {
        throw invalidInput(`The Lightsail VPC of ${ctx.region} is not peered; there is nothing to unpeer.`);
      }
      ctx.store.vpcPeered = false;
      return { operation: peeringOperation(ctx, 'UnpeeredVpc') };
    },
    { mutating: true },
  );

  registry.register('IsVpcPeered', (ctx) => ({ isPeered: ctx.store.vpcPeered }), { mutating: false });
}

import {
  AttachInstancesToLoadBalancerCommand,
  DetachInstancesFromLoadBalancerCommand,
  GetLoadBalancerCommand,
  type Operation,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/activity';
import { callLightsail } from '../src/lightsail/call';
import type { LightsailClients } from '../src/lightsail/clients';
import { awaitQuickOperations } from './operation-waits';
import { isRegistered } from '../src/lightsail/instance-profile';
import { stillInProgress } from '../src/lightsail/waiting';

/** Load balancer membership: an instance joins, proves healthy, and the one it replaces leaves. */
export function loadBalancerActivities({ clients }: { clients: LightsailClients }) {
  const health = async (region: string, loadBalancerName: string, instanceName: string) => {
    const out = await callLightsail(clients, region, 'GetLoadBalancer', (c) =>
      c.send(new GetLoadBalancerCommand({ loadBalancerName })),
    );
    const entry = out.loadBalancer?.instanceHealthSummary?.find(
      (h) => h.instanceName === instanceName && isRegistered(h),
    );
    return entry
      ? { state: entry.instanceHealth ?? 'unknown', reason: entry.instanceHealthReason }
      : undefined;
  };
  const waitFor = (region: string, operations: Operation[] | undefined) =>
    awaitQuickOperations(clients, region, operations);

  return {
    /** Attaches an instance; one already attached is done. */
    async attachToLoadBalancer(input: {
      region: string;
      loadBalancerName: string;
      instanceName: string;
    }): Promise<void> {
      if (await health(input.region, input.loadBalancerName, input.instanceName)) return;
      const out = await callLightsail(clients, input.region, 'AttachInstancesToLoadBalancer', (c) =>
        c.send(
          new AttachInstancesToLoadBalancerCommand({
            loadBalancerName: input.loadBalancerName,
            instanceNames: [input.instanceName],
          }),
        ),
      );
      await waitFor(input.region, out.operations);
    },

    /** Detaches an instance; one not attached is done. */
    async detachFromLoadBalancer(input: {
      region: string;
      loadBalancerName: string;
      instanceName: string;
    }): Promise<void> {
      if (!(await health(input.region, input.loadBalancerName, input.instanceName))) return;
      const out = await callLightsail(clients, input.region, 'DetachInstancesFromLoadBalancer', (c) =>
        c.send(
          new DetachInstancesFromLoadBalancerCommand({
            loadBalancerName: input.loadBalancerName,
            instanceNames: [input.instanceName],
          }),
        ),
      );
      await waitFor(input.region, out.operations);
    },

    /**
     * Long wait: the instance is `healthy` behind the load balancer. `initial` (and `unhealthy`
     * until `deadline`, as health checks need a few rounds) waits; past the deadline, or gone from
     * the load balancer, it fails and the run puts everything back.
     */
    async awaitHealthyInLoadBalancer(input: {
      region: string;
      loadBalancerName: string;
      instanceName: string;
      /** Epoch ms after which an instance still not healthy fails the step. */
      deadline: number;
    }): Promise<void> {
      const h = await health(input.region, input.loadBalancerName, input.instanceName);
      if (h?.state === 'healthy') return;
      const what = `${input.instanceName} behind ${input.loadBalancerName}`;
      if (!h) {
        throw ApplicationFailure.nonRetryable(
          `${what}: the instance is no longer attached`,
          'LoadBalancerHealthFailed',
        );
      }
      if (Date.now() > input.deadline) {
        throw ApplicationFailure.nonRetryable(
          `${what} is ${h.state}${h.reason ? ` (${h.reason})` : ''}, not healthy, after the time allowed`,
          'LoadBalancerHealthFailed',
        );
      }
      throw stillInProgress(`${what} is ${h.state}`);
    },
  };
}

import {
  GetDistributionsCommand,
  ResetDistributionCacheCommand,
  UpdateDistributionCommand,
  type LightsailDistribution,
  type OriginProtocolPolicyEnum,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import type { LightsailClients } from '../src/lightsail/clients';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { stillInProgress } from '../src/lightsail/waiting';
import { publicUrl } from './http-checks';

/** Distributions are a global resource managed through us-east-1 only. */
export const DISTRIBUTION_REGION = 'us-east-1';
export const DISTRIBUTION_NOT_FOUND = 'DistributionNotFound';

export interface DistributionSummary {
  name: string;
  domainName: string;
  /** Where viewers reach it: https on AWS, http for the emulator's loopback listeners. */
  url: string;
  status: string;
  origin: { name: string; regionName: string; resourceType: string; protocolPolicy?: string };
}

function summary(d: LightsailDistribution): DistributionSummary {
  const domainName = d.domainName ?? '';
  return {
    name: d.name ?? '',
    domainName,
    url: publicUrl(domainName),
    status: d.status ?? 'Unknown',
    origin: {
      name: d.origin?.name ?? '',
      regionName: d.origin?.regionName ?? '',
      resourceType: d.origin?.resourceType ?? '',
      protocolPolicy: d.origin?.protocolPolicy,
    },
  };
}

export function distributionActivities({ clients }: { clients: LightsailClients }) {
  const client = () => clients.forRegion(DISTRIBUTION_REGION);

  async function getDistribution(distributionName: string): Promise<DistributionSummary> {
    try {
      const out = await client().send(new GetDistributionsCommand({ distributionName }));
      const found = out.distributions?.[0];
      if (found) return summary(found);
    } catch (err) {
      if (!isLightsailError(err, 'NotFoundException')) {
        throw toTemporalFailure(err, { action: 'GetDistributions', region: DISTRIBUTION_REGION });
      }
    }
    throw ApplicationFailure.nonRetryable(
      `Distribution ${distributionName} does not exist (distributions are listed in us-east-1)`,
      DISTRIBUTION_NOT_FOUND,
    );
  }

  return {
    describeDistribution(input: { distributionName: string }): Promise<DistributionSummary> {
      return getDistribution(input.distributionName);
    },

    /**
     * Points the distribution at a container service. Idempotent: when the origin already is
     * that service (a retry after a lost answer), nothing is called.
     */
    async switchOrigin(input: {
      distributionName: string;
      serviceName: string;
      region: string;
    }): Promise<{ switched: boolean }> {
      const current = await getDistribution(input.distributionName);
      if (current.origin.name === input.serviceName && current.origin.regionName === input.region) {
        return { switched: false };
      }
      try {
        await client().send(
          new UpdateDistributionCommand({
            distributionName: input.distributionName,
            origin: {
              name: input.serviceName,
              regionName: input.region as never,
              protocolPolicy: (current.origin.protocolPolicy ?? 'https-only') as OriginProtocolPolicyEnum,
            },
          }),
        );
      } catch (err) {
        throw toTemporalFailure(err, { action: 'UpdateDistribution', region: DISTRIBUTION_REGION });
      }
      return { switched: true };
    },

    /** Long wait: resolves once the distribution's change has reached every edge. */
    async awaitDistributionDeployed(input: { distributionName: string }): Promise<DistributionSummary> {
      const current = await getDistribution(input.distributionName);
      if (current.status !== 'Deployed') {
        throw stillInProgress(`Distribution ${input.distributionName} is ${current.status}`);
      }
      return current;
    },

    /** Empties the distribution's cache, so viewers get the new origin's answers at once. */
    async resetDistributionCache(input: { distributionName: string }): Promise<void> {
      try {
        await client().send(new ResetDistributionCacheCommand({ distributionName: input.distributionName }));
      } catch (err) {
        throw toTemporalFailure(err, { action: 'ResetDistributionCache', region: DISTRIBUTION_REGION });
      }
    },
  };
}

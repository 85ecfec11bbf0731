import {
  CreateContainerServiceCommand,
  CreateContainerServiceDeploymentCommand,
  CreateDistributionCommand,
  GetContainerServicesCommand,
  GetDistributionsCommand,
  type ContainerService,
} from '@aws-sdk/client-lightsail';
import { publicUrl } from '../../activities/http-checks';
import type { LightsailClients } from '../../src/lightsail/clients';
import type { DeploymentSpec } from '../../src/schemas/blue-green-deploy';
import { waitUntil } from './fixtures';

/** Container services and distributions arranged through the real SDK, as an account holds them. */

/** A deployment of image `shop:<label>`; `environment` steers the emulator (EMULATOR_* variables). */
export function shopDeployment(label: string, environment: Record<string, string> = {}): DeploymentSpec {
  return {
    containers: { web: { image: `shop:${label}`, environment, ports: { '80': 'HTTP' } } },
    publicEndpoint: { containerName: 'web', containerPort: 80, healthCheck: { path: '/' } },
  };
}

export async function getService(
  clients: LightsailClients,
  region: string,
  serviceName: string,
): Promise<ContainerService> {
  const out = await clients.forRegion(region).send(new GetContainerServicesCommand({ serviceName }));
  return out.containerServices![0]!;
}

/** A RUNNING service whose active deployment runs `spec`. */
export async function createRunningService(
  clients: LightsailClients,
  region: string,
  serviceName: string,
  spec: DeploymentSpec,
  scale = 1,
): Promise<ContainerService> {
  const client = clients.forRegion(region);
  await client.send(new CreateContainerServiceCommand({ serviceName, power: 'nano', scale }));
  await waitUntil(`service ${serviceName} ready`, async () =>
    (await getService(clients, region, serviceName)).state === 'READY' ? true : undefined,
  );
  await client.send(new CreateContainerServiceDeploymentCommand({ serviceName, ...spec }));
  return waitUntil(`service ${serviceName} running`, async () => {
    const service = await getService(clients, region, serviceName);
    return service.state === 'RUNNING' && service.currentDeployment?.state === 'ACTIVE' ? service : undefined;
  });
}

/**
 * A deployed distribution in front of a container service; returns its viewer URL. It caches by
 * default, as most do, so a release that forgets to reset the cache shows it.
 */
export async function createDistribution(
  clients: LightsailClients,
  distributionName: string,
  origin: { name: string; regionName: string },
  behavior: 'cache' | 'dont-cache' = 'cache',
): Promise<string> {
  const client = clients.forRegion('us-east-1');
  await client.send(
    new CreateDistributionCommand({
      distributionName,
      origin: { name: origin.name, regionName: origin.regionName as never, protocolPolicy: 'https-only' },
      defaultCacheBehavior: { behavior },
      bundleId: 'small_1_0',
    }),
  );
  return waitUntil(`distribution ${distributionName} deployed`, async () => {
    const out = await client.send(new GetDistributionsCommand({ distributionName }));
    const d = out.distributions![0]!;
    return d.status === 'Deployed' ? publicUrl(d.domainName!) : undefined;
  });
}

/** What answered a GET: the emulator's container answer names the service, version and image. */
export async function servedBy(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: { 'cache-control': 'no-cache' } });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: { text } };
  }
}

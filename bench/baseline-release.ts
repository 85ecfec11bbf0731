import {
  CreateContainerServiceDeploymentCommand,
  GetContainerServicesCommand,
  GetDistributionsCommand,
  ResetDistributionCacheCommand,
  UpdateDistributionCommand,
  type ContainerServiceDeploymentRequest,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { scriptCalls } from './script-calls';

// Like baseline.ts, this module stays as light as the script it stands for.

/**
 * What a user writes for a blue-green release of container services behind a distribution: find
 * the serving side from the distribution, deploy to the other and ask GetContainerServices every
 * `pollMs` until the new deployment is active, GET its URL twice (50 ms apart), point the
 * distribution at it and ask GetDistributions every `pollMs` until deployed, reset the cache, then
 * GET the new side every `pollMs` until the bake is over. A throttled call is asked again after
 * the same pause; no rollback.
 */
export async function scriptRelease(
  client: LightsailClient,
  input: {
    region: string;
    services: [string, string];
    distributionName: string;
    deployment: ContainerServiceDeploymentRequest;
    bakeMs: number;
    pollMs: number;
  },
): Promise<void> {
  const { send, until } = scriptCalls(client, input.pollMs);
  const { distributionName } = input;
  const distribution = async () =>
    (await send(() => client.send(new GetDistributionsCommand({ distributionName })))).distributions![0]!;
  const service = async (serviceName: string) =>
    (await send(() => client.send(new GetContainerServicesCommand({ serviceName })))).containerServices![0]!;
  const get = async (url: string) => {
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  };

  const live = (await distribution()).origin!.name!;
  const idle = input.services.find((s) => s !== live)!;

  const deployed = await send(() =>
    client.send(new CreateContainerServiceDeploymentCommand({ serviceName: idle, ...input.deployment })),
  );
  const version = deployed.containerService?.nextDeployment?.version;
  await until(async () => {
    const s = await service(idle);
    if (s.currentDeployment?.version === version && s.currentDeployment?.state === 'ACTIVE') return true;
    if (s.nextDeployment === undefined && s.currentDeployment?.version !== version) {
      throw new Error(`deployment ${version} of ${idle} failed`);
    }
    return false;
  });
  const url = (await service(idle)).url!;
  await get(url);
  await new Promise((r) => setTimeout(r, 50));
  await get(url);

  await send(() =>
    client.send(
      new UpdateDistributionCommand({
        distributionName,
        origin: { name: idle, regionName: input.region as never, protocolPolicy: 'https-only' },
      }),
    ),
  );
  await until(async () => (await distribution()).status === 'Deployed');
  await send(() => client.send(new ResetDistributionCacheCommand({ distributionName })));

  const bakeEnds = Date.now() + input.bakeMs;
  for (let left = input.bakeMs; left > 0; left = bakeEnds - Date.now()) {
    await new Promise((r) => setTimeout(r, Math.min(input.pollMs, left)));
    await get(url);
  }
}

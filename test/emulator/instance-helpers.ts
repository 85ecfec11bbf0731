import { connect } from 'node:net';
import {
  CreateInstancesCommand,
  GetInstanceCommand,
  type CreateInstancesCommandInput,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { waitFor } from './harness';

/** Creates an instance (Linux, micro) and waits until it runs; answers its view. */
export async function runningInstance(
  client: LightsailClient,
  name: string,
  extra: Partial<CreateInstancesCommandInput> = {},
) {
  const region = await client.config.region();
  await client.send(
    new CreateInstancesCommand({
      instanceNames: [name],
      availabilityZone: `${region}a`,
      blueprintId: 'ubuntu_22_04',
      bundleId: 'micro_3_0',
      ...extra,
    }),
  );
  return waitForState(client, name, 'running');
}

export async function waitForState(client: LightsailClient, name: string, state: string) {
  const { instance } = await waitFor(
    () => client.send(new GetInstanceCommand({ instanceName: name })),
    (r) => r.instance?.state?.name === state,
    5000,
  );
  return instance!;
}

/** Whether a TCP connection to the loopback port is accepted. */
export function tcpConnects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

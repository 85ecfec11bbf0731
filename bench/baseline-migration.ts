import {
  AttachStaticIpCommand,
  CreateInstanceSnapshotCommand,
  CreateInstancesFromSnapshotCommand,
  DeleteInstanceCommand,
  DeleteInstanceSnapshotCommand,
  DetachStaticIpCommand,
  GetInstanceCommand,
  GetInstancePortStatesCommand,
  GetInstanceSnapshotCommand,
  PutInstancePublicPortsCommand,
  StopInstanceCommand,
  type LightsailClient,
  type NetworkProtocol,
} from '@aws-sdk/client-lightsail';
import { scriptCalls } from './script-calls';

// Like baseline.ts, this module stays as light as the script it stands for.

/**
 * What a careful user writes to resize an instance, since Lightsail cannot do it in place: read
 * the instance and its firewall, snapshot it, create the bigger one from the snapshot, wait until
 * it runs, open the same ports, move the static IP, stop the old instance and wait until it has
 * stopped, then delete it and the snapshot. Every wait polls every `pollMs`; a throttled call is
 * asked again after the same pause; nothing is verified beyond the waits.
 */
export async function scriptMigration(
  client: LightsailClient,
  input: {
    instanceName: string;
    newInstanceName: string;
    bundleId: string;
    staticIpName: string;
    snapshotName: string;
    pollMs: number;
  },
): Promise<void> {
  const { send, until, operationDone } = scriptCalls(client, input.pollMs);
  const { instanceName, newInstanceName, staticIpName, snapshotName } = input;

  const old = (await send(() => client.send(new GetInstanceCommand({ instanceName })))).instance!;
  const ports = (await send(() => client.send(new GetInstancePortStatesCommand({ instanceName }))))
    .portStates;

  await send(() =>
    client.send(new CreateInstanceSnapshotCommand({ instanceName, instanceSnapshotName: snapshotName })),
  );
  await until(
    async () =>
      (await send(() => client.send(new GetInstanceSnapshotCommand({ instanceSnapshotName: snapshotName }))))
        .instanceSnapshot?.state === 'available',
  );

  await send(() =>
    client.send(
      new CreateInstancesFromSnapshotCommand({
        instanceNames: [newInstanceName],
        instanceSnapshotName: snapshotName,
        availabilityZone: old.location!.availabilityZone!,
        bundleId: input.bundleId,
      }),
    ),
  );
  await until(
    async () =>
      (await send(() => client.send(new GetInstanceCommand({ instanceName: newInstanceName })))).instance
        ?.state?.name === 'running',
  );

  await send(() =>
    client.send(
      new PutInstancePublicPortsCommand({
        instanceName: newInstanceName,
        portInfos: (ports ?? []).map((p) => ({
          fromPort: p.fromPort,
          toPort: p.toPort,
          protocol: p.protocol as NetworkProtocol,
          cidrs: p.cidrs,
          ipv6Cidrs: p.ipv6Cidrs,
          ...(p.cidrListAliases?.length ? { cidrListAliases: p.cidrListAliases } : {}),
        })),
      }),
    ),
  );
  await send(() => client.send(new DetachStaticIpCommand({ staticIpName })));
  await send(() => client.send(new AttachStaticIpCommand({ staticIpName, instanceName: newInstanceName })));

  const stop = await send(() => client.send(new StopInstanceCommand({ instanceName })));
  await until(operationDone(stop.operations?.[0]?.id));
  await send(() => client.send(new DeleteInstanceCommand({ instanceName })));
  await send(() => client.send(new DeleteInstanceSnapshotCommand({ instanceSnapshotName: snapshotName })));
}

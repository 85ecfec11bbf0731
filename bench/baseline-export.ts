import {
  CreateCloudFormationStackCommand,
  ExportSnapshotCommand,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { scriptCalls } from './script-calls';

// Like baseline.ts, this module stays as light as the script it stands for.

/**
 * What a user writes to move an instance snapshot to EC2: ExportSnapshot, then GetOperation every
 * `pollMs` until the export's operation succeeds; CreateCloudFormationStack from the export
 * record (the operation's resource), then GetOperation every `pollMs` until it succeeds. A
 * throttled call is asked again after the same pause; nothing is checked before the export.
 */
export async function scriptExport(
  client: LightsailClient,
  input: { region: string; snapshotName: string; instanceType: string; pollMs: number },
): Promise<void> {
  const { send, until, operationDone } = scriptCalls(client, input.pollMs);

  const exported = await send(() =>
    client.send(new ExportSnapshotCommand({ sourceSnapshotName: input.snapshotName })),
  );
  const exportOperation = exported.operations?.[0];
  await until(operationDone(exportOperation?.id));

  const stack = await send(() =>
    client.send(
      new CreateCloudFormationStackCommand({
        instances: [
          {
            sourceName: exportOperation?.resourceName,
            instanceType: input.instanceType,
            portInfoSource: 'INSTANCE',
            availabilityZone: `${input.region}a`,
          },
        ],
      }),
    ),
  );
  await until(operationDone(stack.operations?.[0]?.id));
}

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateInstancesCommand, GetInstanceCommand } from '@aws-sdk/client-lightsail';
import type { LightsailClients } from '../../src/lightsail/clients';
import { RUN_RUNBOOK_WORKFLOW } from '../../src/schemas/runbook';
import type { runRunbook } from '../../workflows';
import { waitUntil } from './fixtures';
import { TEST_POLL, type TestStack } from './stack';

export const EXAMPLE_RUNBOOKS = join(__dirname, '..', '..', 'examples', 'runbooks');

export function exampleRunbook(file: string): string {
  return readFileSync(join(EXAMPLE_RUNBOOKS, file), 'utf8');
}

/** Starts a runbook run on the shared worker with the tests' fast poll schedule. */
export function startRunbook(
  stack: TestStack,
  text: string,
  params: Record<string, unknown> = {},
  options: { taskQueue?: string; workflowId?: string; poll?: typeof TEST_POLL } = {},
) {
  return stack.client.workflow.start<typeof runRunbook>(RUN_RUNBOOK_WORKFLOW, {
    taskQueue: options.taskQueue ?? stack.sharedTaskQueue,
    workflowId: options.workflowId ?? `test-runbook-${randomUUID()}`,
    args: [{ runbook: { text }, params, poll: options.poll ?? TEST_POLL }],
  });
}

/** Running instances tagged `tag`, made together (each is running within the emulator's minute). */
export async function createTaggedInstances(
  clients: LightsailClients,
  region: string,
  names: string[],
  tag: { key: string; value: string },
): Promise<void> {
  const client = clients.forRegion(region);
  await client.send(
    new CreateInstancesCommand({
      instanceNames: names,
      availabilityZone: `${region}a`,
      blueprintId: 'ubuntu_22_04',
      bundleId: 'nano_3_0',
      tags: [tag],
    }),
  );
  for (const instanceName of names) {
    await waitUntil(`instance ${instanceName} running`, async () => {
      const out = await client.send(new GetInstanceCommand({ instanceName }));
      return out.instance?.state?.name === 'running' ? true : undefined;
    });
  }
}

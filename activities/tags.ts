import { TagResourceCommand } from '@aws-sdk/client-lightsail';
import { Context } from '@temporalio/activity';
import { callLightsail } from '../src/lightsail/call';
import type { LightsailClients } from '../src/lightsail/clients';
import { operationRefs, waitForOperations } from '../src/lightsail/operations';
import { runTag, toTagList } from '../src/lightsail/ownership';
import { currentWorkflowId } from './context';

export function tagActivities({ clients }: { clients: LightsailClients }) {
  return {
    /**
     * Tags a resource with the user's tags and the run's own tag, and waits for the tag
     * operations. Tagging is idempotent: the same keys get the same values again.
     */
    async tagResource(input: {
      region: string;
      resourceName: string;
      tags: Record<string, string>;
    }): Promise<void> {
      const ctx = Context.current();
      const tags = [...toTagList(input.tags), runTag(currentWorkflowId())];
      const out = await callLightsail(clients, input.region, 'TagResource', (c) =>
        c.send(new TagResourceCommand({ resourceName: input.resourceName, tags })),
      );
      await waitForOperations(clients, operationRefs(out.operations, input.region), {
        timeoutMs: 60_000,
        heartbeat: () => ctx.heartbeat(),
        signal: ctx.cancellationSignal,
      });
    },
  };
}

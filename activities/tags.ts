import { TagResourceCommand } from '@aws-sdk/client-lightsail';
import { Context } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { operationRefs, waitForOperations } from '../src/lightsail/operations';
import { runTag, toTagList } from '../src/lightsail/ownership';
import { missingResource } from '../src/lightsail/vanished';
import { currentWorkflowId } from './context';

export interface TagInput {
  region: string;
  resourceName: string;
  tags: Record<string, string>;
  /** Missing for this long (it was just made, so reads may lag): ResourceVanished. */
  vanishAfterMs?: number;
}

export function tagActivities({ clients }: { clients: LightsailClients }) {
  return {
    /**
     * Tags a resource with the user's tags and the run's own tag, and waits for the tag
     * operations. Tagging is idempotent: the same keys get the same values again.
     */
    async tagResource(input: TagInput): Promise<void> {
      await tagAsRuns(clients, input);
    },
  };
}

/**
 * TagResource with the user's tags and the run's tag, then a wait for its operations; for
 * tagResource and for activities that tag what they have just made.
 */
export async function tagAsRuns(
  clients: LightsailClients,
  input: TagInput,
  /** What to heartbeat while the tag's operations are waited for (an activity's own details). */
  heartbeat?: () => void,
): Promise<void> {
  const ctx = Context.current();
  const tags = [...toTagList(input.tags), runTag(currentWorkflowId())];
  const out = await clients
    .forRegion(input.region)
    .send(new TagResourceCommand({ resourceName: input.resourceName, tags }))
    .catch((err: unknown) => {
      if (input.vanishAfterMs !== undefined && isLightsailError(err, 'NotFoundException')) {
        throw missingResource(input.resourceName, input.region, input.vanishAfterMs);
      }
      throw toTemporalFailure(err, { action: 'TagResource', region: input.region });
    });
  await waitForOperations(clients, operationRefs(out.operations, input.region), {
    timeoutMs: 60_000,
    // A local activity has no heartbeat to send: its workflow task is what the server watches.
    heartbeat: () => {
      if (ctx.info.isLocal) return;
      if (heartbeat) heartbeat();
      else ctx.heartbeat();
    },
    signal: ctx.cancellationSignal,
  });
}

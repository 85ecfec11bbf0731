import type { Operation } from '@aws-sdk/client-lightsail';
import { Context } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { operationRefs, waitForOperations } from '../src/lightsail/operations';

/**
 * Waits, inside the running activity, for the operations a quick action answered (an attach, a
 * port change): heartbeating, and stopping when the activity is cancelled. For actions whose
 * operations end in seconds; long waits go through the workflow's awaitOperations.
 */
export async function awaitQuickOperations(
  clients: LightsailClients,
  region: string,
  operations: Operation[] | undefined,
): Promise<void> {
  const ctx = Context.current();
  await waitForOperations(clients, operationRefs(operations, region), {
    timeoutMs: 120_000,
    heartbeat: () => ctx.heartbeat(),
    signal: ctx.cancellationSignal,
  });
}

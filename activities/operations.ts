import { Context } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { OperationWatcher } from '../src/lightsail/operation-watcher';
import { checkOperations, type OperationRef } from '../src/lightsail/operations';
import { watchSchedule } from '../src/lightsail/pooled-pace';
import type { PollSchedule } from '../src/schemas/common';
import { waitedSoFarMs, type AsyncWaits } from '../src/temporal/async-waits';

export function operationActivities({
  clients,
  asyncWaits,
}: {
  clients: LightsailClients;
  asyncWaits?: AsyncWaits;
}) {
  const watcher = new OperationWatcher(clients);
  return {
    /**
     * Waits until every operation has succeeded, failing for good when one Failed (keeping
     * Lightsail's errorCode and errorDetails). The worker's watcher asks Lightsail for all the
     * runs waiting in a region at once.
     *
     * Three ways, by how the workflow scheduled it:
     * - `completeAsync` (workflows since async-operation-waits): the wait is handed to the
     *   worker's AsyncWaits and the activity returns at once, holding no slot; the watcher's
     *   answer completes it. Its start-to-close timeout is the wait's lease (src/temporal/async-waits.ts).
     * - with a heartbeat timeout (workflows before that): it waits inside, heartbeating.
     * - neither (workflows from before the watcher): it checks once and throws StillInProgress,
     *   leaving the poll schedule to the retry policy as it did.
     */
    async awaitOperations(input: {
      operations: OperationRef[];
      poll?: PollSchedule;
      completeAsync?: boolean;
    }): Promise<void> {
      const ctx = Context.current();
      const schedule = watchSchedule(input.poll);
      if (input.completeAsync && asyncWaits) {
        throw asyncWaits.hand(ctx.info, (signal) =>
          watcher.watch(input.operations, schedule, signal, waitedSoFarMs(ctx.info)),
        );
      }
      const heartbeatTimeoutMs = ctx.info.heartbeatTimeoutMs;
      if (!heartbeatTimeoutMs) return checkOperations(clients, input.operations);
      const beat = setInterval(() => ctx.heartbeat(), heartbeatTimeoutMs / 4);
      try {
        await watcher.watch(input.operations, schedule, ctx.cancellationSignal, waitedSoFarMs(ctx.info));
      } finally {
        clearInterval(beat);
      }
    },
  };
}

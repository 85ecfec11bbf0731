import { Context } from '@temporalio/activity';
import type { LightsailClients } from '../src/lightsail/clients';
import { OperationWatcher, type WatchSchedule } from '../src/lightsail/operation-watcher';
import { checkOperations, type OperationRef } from '../src/lightsail/operations';
import { PollSchedule } from '../src/schemas/common';

export function operationActivities({ clients }: { clients: LightsailClients }) {
  const watcher = new OperationWatcher(clients);
  return {
    /**
     * Waits until every operation has succeeded, failing for good when one Failed (keeping
     * Lightsail's errorCode and errorDetails). The worker's watcher asks Lightsail for all the
     * runs waiting in a region at once; this activity heartbeats meanwhile.
     *
     * Scheduled without a heartbeat timeout (by a workflow from before the watcher), it checks
     * once and throws StillInProgress, leaving the poll schedule to the retry policy as it did.
     */
    async awaitOperations(input: { operations: OperationRef[]; poll?: PollSchedule }): Promise<void> {
      const ctx = Context.current();
      const heartbeatTimeoutMs = ctx.info.heartbeatTimeoutMs;
      if (!heartbeatTimeoutMs) return checkOperations(clients, input.operations);
      const beat = setInterval(() => ctx.heartbeat(), heartbeatTimeoutMs / 4);
      try {
        await watcher.watch(input.operations, watchSchedule(input.poll), ctx.cancellationSignal);
      } finally {
        clearInterval(beat);
      }
    },
  };
}

function watchSchedule(poll: PollSchedule | undefined): WatchSchedule {
  const p = poll ?? PollSchedule.parse({});
  return {
    initialIntervalMs: p.initialIntervalSeconds * 1000,
    maximumIntervalMs: p.maximumIntervalSeconds * 1000,
    backoffCoefficient: p.backoffCoefficient,
  };
}

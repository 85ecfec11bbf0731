import type { LightsailClients } from '../src/lightsail/clients';
import { checkOperations, type OperationRef } from '../src/lightsail/operations';

export function operationActivities({ clients }: { clients: LightsailClients }) {
  return {
    /**
     * Long wait: checks every operation once. Succeeds when all have succeeded, fails for good
     * when one Failed (keeping Lightsail's errorCode and errorDetails), and otherwise throws
     * StillInProgress so the activity's retry policy polls again.
     */
    async awaitOperations(input: { operations: OperationRef[] }): Promise<void> {
      await checkOperations(clients, input.operations);
    },
  };
}

import { GetOperationCommand, type LightsailClient } from '@aws-sdk/client-lightsail';

// Like baseline.ts, this module stays as light as the scripts it stands for.

/**
 * How the plain scripts call Lightsail: the SDK's own retries are off on the bench's clients, so
 * a script asks a throttled call again after its pause; every wait asks again every `pollMs`
 * until done; nothing else is retried.
 */
export function scriptCalls(client: LightsailClient, pollMs: number) {
  const sleep = () => new Promise((r) => setTimeout(r, pollMs));
  const send = async <T>(call: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await call();
      } catch (err) {
        if ((err as Error).name !== 'ThrottlingException') throw err;
        await sleep();
      }
    }
  };
  const until = async (done: () => Promise<boolean>) => {
    for (;;) {
      await sleep();
      if (await done()) return;
    }
  };
  /** Whether an operation has ended well; a failed one throws with Lightsail's reason. */
  const operationDone = (id: string | undefined) => async () => {
    const op = (await send(() => client.send(new GetOperationCommand({ operationId: id })))).operation;
    if (op?.status === 'Failed') throw new Error(`operation ${id} failed: ${op.errorDetails}`);
    return op?.status === 'Succeeded' || op?.status === 'Completed';
  };
  return { sleep, send, until, operationDone };
}

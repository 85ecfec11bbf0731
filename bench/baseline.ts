import {
  CopySnapshotCommand,
  GetOperationCommand,
  TagResourceCommand,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';

/**
 * What a user would otherwise write: the same SDK and actions, one CopySnapshot, then a loop that
 * asks GetOperation every 5 seconds until the copy succeeds, then a tag. No retries beyond the
 * SDK's own; throttling is retried after the same 5 seconds.
 */
export async function baselineCopy(
  target: LightsailClient,
  input: {
    sourceRegion: string;
    targetRegion: string;
    snapshotName: string;
    targetName: string;
    pollMs: number;
    /** Called once the copy has been asked for, when the loop starts waiting. */
    onWaiting?: () => void;
  },
): Promise<{ noticedAtMs: number; polls: number }> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let out;
  for (;;) {
    try {
      out = await target.send(
        new CopySnapshotCommand({
          sourceRegion: input.sourceRegion as never,
          sourceSnapshotName: input.snapshotName,
          targetSnapshotName: input.targetName,
        }),
      );
      break;
    } catch (err) {
      if ((err as Error).name !== 'ThrottlingException') throw err;
      await sleep(input.pollMs);
    }
  }
  // The copy answers an operation in each region; the target's is the one that ends with the copy.
  const operationId = out.operations?.find((o) => o.location?.regionName === input.targetRegion)?.id;
  input.onWaiting?.();
  let polls = 0;
  for (;;) {
    await sleep(input.pollMs);
    polls++;
    try {
      const op = await target.send(new GetOperationCommand({ operationId }));
      if (op.operation?.status === 'Succeeded' || op.operation?.status === 'Completed') break;
      if (op.operation?.status === 'Failed') throw new Error(`copy failed: ${op.operation.errorDetails}`);
    } catch (err) {
      if ((err as Error).name !== 'ThrottlingException') throw err;
    }
  }
  const noticedAtMs = Date.now();
  for (;;) {
    try {
      await target.send(
        new TagResourceCommand({
          resourceName: input.targetName,
          tags: [{ key: 'purpose', value: 'bench' }],
        }),
      );
      break;
    } catch (err) {
      if ((err as Error).name !== 'ThrottlingException') throw err;
      await sleep(input.pollMs);
    }
  }
  return { noticedAtMs, polls };
}

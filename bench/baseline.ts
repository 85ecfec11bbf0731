import {
  CopySnapshotCommand,
  GetOperationCommand,
  TagResourceCommand,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';

// This module stays as light as the script it stands for: the capacity scenario measures the
// memory of a process that loads it.

/** Where every benchmark copy goes from and to. */
export const SOURCE = 'us-east-1';
export const TARGET = 'eu-west-1';

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

/** The plain script's loop: GetOperation every 5 s, in Lightsail seconds. */
export const SCRIPT_POLL_SECONDS = 5;

/**
 * The same copy as the bench's `startCopy`, done by the plain script with a client of the target
 * region, polling every 5 s on a clock of `timeScale`.
 */
export function scriptCopy(
  target: LightsailClient,
  copy: { snapshotName: string; targetName: string; timeScale: number; onWaiting?: () => void },
) {
  return baselineCopy(target, {
    sourceRegion: SOURCE,
    targetRegion: TARGET,
    snapshotName: copy.snapshotName,
    targetName: copy.targetName,
    pollMs: (SCRIPT_POLL_SECONDS * 1000) / copy.timeScale,
    onWaiting: copy.onWaiting,
  });
}

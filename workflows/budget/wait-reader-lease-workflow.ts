import { condition, continueAsNew, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  CLAIM_WAIT_READER_UPDATE,
  RELEASE_WAIT_READER_UPDATE,
  waitReaderClaimError,
  type WaitReaderAnswer,
  type WaitReaderClaim,
  type WaitReaderLeaseState,
} from '../../src/schemas/wait-reader';

export const claimWaitReader = defineUpdate<WaitReaderAnswer, [WaitReaderClaim]>(CLAIM_WAIT_READER_UPDATE);
export const releaseWaitReader = defineUpdate<void, [string]>(RELEASE_WAIT_READER_UPDATE);

/** A lease nobody claimed this long ends; the next claim starts it again. */
const IDLE_MS = 10 * 60_000;
/** Claims a run answers before it continues as new (the server refuses updates past 2,000 a run). */
const CLAIMS_PER_RUN = 1_000;

/**
 * Which worker of a task queue reads Lightsail for every run's waits (src/schemas/wait-reader.ts).
 * The first worker to claim holds the lease, and keeps it by claiming again before it ends; a
 * claim from another worker is granted only once the holder has let it go or gone quiet past
 * its lease. Two readers for a moment cost reads, never a wrong answer: a wait is answered by
 * whichever worker holds it.
 */
export async function lightsailFlowsWaitReaderLease(state: WaitReaderLeaseState): Promise<void> {
  let { holder, untilMs } = state;
  let lastClaimAtMs = Date.now();
  let answered = 0;
  setHandler(
    claimWaitReader,
    (claim) => {
      const now = Date.now();
      if (holder === undefined || holder === claim.workerId || now >= untilMs) {
        holder = claim.workerId;
        untilMs = now + claim.leaseMs;
      }
      lastClaimAtMs = now;
      answered += 1;
      return { granted: holder === claim.workerId, holder };
    },
    {
      validator: (claim: WaitReaderClaim) => {
        const error = waitReaderClaimError(claim);
        if (error) throw new Error(error);
      },
    },
  );
  setHandler(releaseWaitReader, (workerId) => {
    if (holder === workerId) {
      holder = undefined;
      untilMs = 0;
    }
    answered += 1;
  });
  for (;;) {
    const moveOn = await condition(
      () => workflowInfo().continueAsNewSuggested || answered >= CLAIMS_PER_RUN,
      IDLE_MS,
    );
    if (moveOn) {
      // The handlers are synchronous: nothing is half-answered when the run moves on.
      await continueAsNew<typeof lightsailFlowsWaitReaderLease>({
        taskQueue: state.taskQueue,
        holder,
        untilMs,
      });
    }
    if (Date.now() - lastClaimAtMs >= IDLE_MS) return;
  }
}

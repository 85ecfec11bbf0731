/**
 * One reader of Lightsail for every worker's waits. Runs schedule their waits (awaitOperations,
 * an export's record and stack) on their task queue's waits queue, and with the shared call
 * budget only the worker holding the reader lease polls it: the waits of all the workers are
 * read by one watcher, so a wait costs the same reads however many workers run. The lease is a
 * small workflow (workflows/budget/wait-reader-lease-workflow.ts) on the budgets' task queue;
 * src/temporal/wait-reader.ts claims it.
 */

/** The lease workflow's type. */
export const WAIT_READER_LEASE_WORKFLOW = 'lightsailFlowsWaitReaderLease';

/** The update that claims (or renews) the lease. */
export const CLAIM_WAIT_READER_UPDATE = 'claimWaitReader';

/** The update a stopping reader sends so that another worker takes over at its next claim. */
export const RELEASE_WAIT_READER_UPDATE = 'releaseWaitReader';

/** The queue the runs of `taskQueue` schedule their waits on. */
export function waitsTaskQueue(taskQueue: string): string {
  return `${taskQueue}-waits`;
}

/**
 * The lease workflow's id: one reader per task queue of the namespace, and per Worker Deployment
 * version when the workers are versioned, since a pinned run's waits go to its own version's
 * workers only.
 */
export function waitReaderLeaseWorkflowId(taskQueue: string, version?: string): string {
  return `lightsail-flows-wait-reader-${taskQueue}${version ? `@${version}` : ''}`;
}

export interface WaitReaderClaim {
  /** The claiming worker process (host, process id and a random part). */
  workerId: string;
  /** How long the lease holds without another claim from its holder. */
  leaseMs: number;
}

export interface WaitReaderAnswer {
  /** Whether the claiming worker holds the lease now. */
  granted: boolean;
  /** Who holds it (the claimer when granted). */
  holder: string;
}

/** Carried over continue-as-new. */
export interface WaitReaderLeaseState {
  taskQueue: string;
  holder?: string;
  /** When the holder's lease ends unless it claims again (the workflow's clock). */
  untilMs: number;
}

/** The longest lease a claim may ask for: a reader gone quiet longer leaves the waits unread. */
export const MAX_WAIT_READER_LEASE_MS = 5 * 60_000;

/** The reason a claim is refused, or undefined when it is sound. */
export function waitReaderClaimError(claim: WaitReaderClaim): string | undefined {
  if (typeof claim.workerId !== 'string' || claim.workerId.length === 0 || claim.workerId.length > 200)
    return 'workerId must be a string of 1 to 200 characters';
  if (!Number.isInteger(claim.leaseMs) || claim.leaseMs < 1000 || claim.leaseMs > MAX_WAIT_READER_LEASE_MS)
    return `leaseMs must be a whole number from 1000 to ${MAX_WAIT_READER_LEASE_MS}`;
  return undefined;
}

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { CALL_BUDGET_TASK_QUEUE } from '../schemas/call-budget';
import {
  CLAIM_WAIT_READER_UPDATE,
  RELEASE_WAIT_READER_UPDATE,
  WAIT_READER_LEASE_WORKFLOW,
  waitReaderLeaseWorkflowId,
  type WaitReaderAnswer,
  type WaitReaderClaim,
  type WaitReaderLeaseState,
} from '../schemas/wait-reader';

/** How long the lease holds without a claim: the waits of a reader that died go unpolled at most this long. */
const WAIT_READER_LEASE_MS = 20_000;
/** How often every worker claims: the holder renews, the others take over once it has let go. */
const WAIT_READER_CLAIM_EVERY_MS = 5_000;

/** How long a stopping reader waits for the lease to take its release. */
const RELEASE_WITHIN_MS = 3_000;

/** A name for this worker process in the lease: its host, process id and a random part. */
export function workerProcessId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** What the reader starts while it holds the lease: the waits queue's Worker, or a test's stand-in. */
export interface Reading {
  run(): Promise<void>;
  stop(): void;
}

export interface WaitReaderOptions {
  client: Client;
  /** The runs' task queue, whose waits queue the reader polls. */
  taskQueue: string;
  /** The Worker Deployment version (deployment name and build id) when versioned: a reader each. */
  version?: string;
  workerId: string;
  /** Makes the waits queue's Worker; called each time this worker becomes the reader. */
  startReading: () => Promise<Reading>;
  leaseMs?: number;
  claimEveryMs?: number;
}

/**
 * Polls the task queue's waits queue while this worker holds the wait reader lease
 * (workflows/budget/wait-reader-lease-workflow.ts), so that of N workers one reads Lightsail for
 * every run's waits. Every worker claims every few seconds: the holder keeps the lease, and when
 * it stops (it lets go) or dies (its lease runs out) the next claim takes over. A worker that
 * loses the lease stops polling; the waits it holds go on until they end or their leases do.
 * A claim Temporal does not answer changes nothing: the worker goes on as it was.
 */
export class WaitReader {
  private reading?: { part: Reading; running: Promise<void> };
  private stopping = false;
  private failure?: Error;
  private wake = () => undefined as void;
  /** Resolves when stop() is called: a claim in flight is not waited for then. */
  private readonly stopped: Promise<undefined>;
  private resolveStopped = () => undefined as void;
  private held = false;
  private warned = false;

  constructor(private readonly options: WaitReaderOptions) {
    this.stopped = new Promise((resolve) => (this.resolveStopped = () => resolve(undefined)));
  }

  /** Claims until stop(); resolves once the waits queue's Worker has stopped and the lease is let go. */
  async run(): Promise<void> {
    const everyMs = this.options.claimEveryMs ?? WAIT_READER_CLAIM_EVERY_MS;
    try {
      while (!this.stopping) {
        // The budgets' Worker stops with this one: if it ran the lease, a claim then has no answer.
        const answer = await Promise.race([this.claim(), this.stopped]);
        if (answer?.granted && !this.reading && !this.stopping) await this.startReading();
        if (answer && !answer.granted && this.reading) {
          console.error(
            `Worker ${answer.holder} reads the waits of task queue ${this.options.taskQueue} now; ` +
              `this one stopped reading (the waits it holds go on here until they end)`,
          );
          await this.stopReading();
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, everyMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      await this.stopReading();
      if (this.held) await this.release();
    }
    if (this.failure) throw this.failure;
  }

  stop(): void {
    this.stopping = true;
    this.resolveStopped();
    this.wake();
  }

  private async startReading(): Promise<void> {
    const part = await this.options.startReading();
    const running = part.run().catch((err: unknown) => {
      // The waits queue's Worker failing stops the whole worker, as the runs' Worker failing does.
      this.failure = err instanceof Error ? err : new Error(String(err));
      this.stop();
    });
    this.reading = { part, running };
    console.error(
      `Reading Lightsail for the waits of task queue ${this.options.taskQueue} ` +
        `(worker ${this.options.workerId}, the wait reader of all its workers)`,
    );
  }

  private async stopReading(): Promise<void> {
    const reading = this.reading;
    if (!reading) return;
    this.reading = undefined;
    reading.part.stop();
    await reading.running;
  }

  /** The lease's answer; undefined when it did not answer. */
  private async claim(): Promise<WaitReaderAnswer | undefined> {
    const { client, taskQueue, workerId } = this.options;
    try {
      const answer = await client.workflow.executeUpdateWithStart<
        (state: WaitReaderLeaseState) => Promise<void>,
        WaitReaderAnswer,
        [WaitReaderClaim]
      >(CLAIM_WAIT_READER_UPDATE, {
        args: [{ workerId, leaseMs: this.options.leaseMs ?? WAIT_READER_LEASE_MS }],
        startWorkflowOperation: new WithStartWorkflowOperation(WAIT_READER_LEASE_WORKFLOW, {
          workflowId: waitReaderLeaseWorkflowId(taskQueue, this.options.version),
          taskQueue: CALL_BUDGET_TASK_QUEUE,
          args: [{ taskQueue, untilMs: 0 }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      this.held = answer.granted;
      this.warned = false;
      return answer;
    } catch (err) {
      if (!this.warned && !this.stopping) {
        console.error(
          `Warning: the wait reader lease of ${taskQueue} did not answer (${(err as Error).message}); ` +
            `this worker goes on ${this.reading ? 'reading' : 'not reading'} the waits until it does.`,
        );
        this.warned = true;
      }
      return undefined;
    }
  }

  /**
   * Lets the lease go so that another worker takes over at its next claim, not after the lease.
   * Another worker's budgets' Worker answers it; when this process's ran the lease and has
   * stopped, or there is no other worker, nobody does, and the worker does not wait for it.
   */
  private async release(): Promise<void> {
    this.held = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.client.workflow
          .getHandle(waitReaderLeaseWorkflowId(this.options.taskQueue, this.options.version))
          .executeUpdate<void, [string]>(RELEASE_WAIT_READER_UPDATE, { args: [this.options.workerId] }),
        new Promise((resolve) => (timer = setTimeout(resolve, RELEASE_WITHIN_MS))),
      ]);
    } catch {
      // Not let go: the others take over when the lease runs out.
    } finally {
      clearTimeout(timer);
    }
  }
}

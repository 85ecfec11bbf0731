import { ApplicationFailure, condition, defineUpdate, setHandler } from '@temporalio/workflow';
import type { z } from 'zod';
import { RELEASE_UPDATES } from '../../src/schemas/blue-green-deploy';
import { formatIssues } from '../../src/schemas/format-issues';
import { ApprovalInput, ReasonInput } from '../../src/schemas/gates';

export const approveUpdate = defineUpdate<string, [ApprovalInput]>(RELEASE_UPDATES.approve);
export const rejectUpdate = defineUpdate<string, [ReasonInput]>(RELEASE_UPDATES.reject);
export const rollbackUpdate = defineUpdate<string, [ReasonInput]>(RELEASE_UPDATES.rollback);

export const RELEASE_REJECTED = 'ReleaseRejected';
export const APPROVAL_TIMED_OUT = 'ApprovalTimedOut';

/**
 * The human gates of a release: approve and reject while it waits for approval, rollback at any
 * point until it ends. They are updates, so the caller gets an answer (or a validation error
 * saying why the request does not apply now) rather than a signal sent into the void.
 */
export class ReleaseGates {
  private approval: 'not-asked' | 'waiting' | 'approved' | 'rejected' | 'timed-out' = 'not-asked';
  private rejection?: ReasonInput;
  private rollback?: ReasonInput;
  private finished = false;

  constructor() {
    setHandler(
      approveUpdate,
      (input) => {
        this.approval = 'approved';
        return `Approved${input.by ? ` by ${input.by}` : ''}: the release goes on.`;
      },
      {
        validator: (input: ApprovalInput) => {
          assertValid('approve', ApprovalInput, input);
          this.assertWaiting('approve');
        },
      },
    );
    setHandler(
      rejectUpdate,
      (input) => {
        this.approval = 'rejected';
        this.rejection = input;
        return `Rejected: the release stops; traffic stays where it is.`;
      },
      {
        validator: (input: ReasonInput) => {
          assertValid('reject', ReasonInput, input);
          this.assertWaiting('reject');
        },
      },
    );
    setHandler(
      rollbackUpdate,
      (input) => {
        this.rollback = input;
        return 'Rollback requested: traffic goes back to the previous side.';
      },
      {
        validator: (input: ReasonInput) => {
          assertValid('rollback', ReasonInput, input);
          if (this.finished) throw new Error('rollback: the release has already ended');
          if (this.rollback) throw new Error('rollback: a rollback was already requested');
        },
      },
    );
  }

  get rollbackRequested(): ReasonInput | undefined {
    return this.rollback;
  }

  /**
   * Resolves when approved, or when a rollback is requested while waiting (the caller rolls
   * back); throws when rejected or when the timeout passes.
   */
  async awaitApproval(timeoutMinutes: number): Promise<void> {
    this.approval = 'waiting';
    await condition(
      () => this.approval !== 'waiting' || this.rollback !== undefined,
      `${Math.round(timeoutMinutes * 60_000)} milliseconds`,
    );
    // Read through a getter: the update handlers changed it while this waited.
    if (this.approvalState === 'approved' || this.rollback) return;
    if (this.approvalState === 'rejected') {
      throw ApplicationFailure.nonRetryable(
        `Rejected${this.rejection?.by ? ` by ${this.rejection.by}` : ''}: ${this.rejection?.reason}. Traffic never moved.`,
        RELEASE_REJECTED,
      );
    }
    this.approval = 'timed-out';
    throw ApplicationFailure.nonRetryable(
      `No approval within ${timeoutMinutes} minutes: the release stops; traffic never moved.`,
      APPROVAL_TIMED_OUT,
    );
  }

  get approvalState(): string {
    return this.approval;
  }

  /** Waits up to `ms` for a rollback request; true if one came. */
  async rollbackWithin(ms: number): Promise<boolean> {
    return condition(() => this.rollback !== undefined, Math.max(1, Math.round(ms)));
  }

  finish(): void {
    this.finished = true;
  }

  private assertWaiting(what: string): void {
    if (this.approval !== 'waiting') {
      throw new Error(
        `${what}: the release is not waiting for approval (${this.approval === 'not-asked' ? 'it did not ask for one, or not yet' : `already ${this.approval}`})`,
      );
    }
  }
}

/** A validator's refusal reaches the caller as the update's failure, naming the field. */
function assertValid(gate: string, schema: z.ZodType, input: unknown): void {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new Error(`${gate}: ${formatIssues(parsed.error)}`);
}

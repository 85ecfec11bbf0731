import { ApplicationFailure, condition, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import { RELEASE_UPDATES } from '../../src/schemas/blue-green-deploy';
import { ApprovalInput, ReasonInput } from '../../src/schemas/gates';
import { assertGateInput } from '../support/gate-input';
import type { Progress } from '../support/progress';

export const approveUpdate = defineUpdate<string, [ApprovalInput]>(RELEASE_UPDATES.approve);
export const rejectUpdate = defineUpdate<string, [ReasonInput]>(RELEASE_UPDATES.reject);
export const rollbackUpdate = defineUpdate<string, [ReasonInput]>(RELEASE_UPDATES.rollback);

export const RELEASE_REJECTED = 'ReleaseRejected';
export const APPROVAL_TIMED_OUT = 'ApprovalTimedOut';

/** What the gates need to know of the release to tell which requests apply. */
export interface GatedRelease {
  strategy: 'in-place' | 'blue-green';
  /** Whether the input asked for an approval before traffic moves. */
  approval: boolean;
}

/**
 * The human gates of a release: approve and reject while it waits for approval, rollback from
 * the start of a blue-green release until its bake ends. They are updates, so the caller gets an
 * answer (or a validation error saying why the request does not apply now and what to do
 * instead) rather than a signal sent into the void. Validators add nothing to the history, so
 * what they refuse can change without breaking the replay of runs in flight.
 */
export class ReleaseGates {
  private approval:
    'not-asked' | 'waiting' | 'approved' | 'rejected' | 'timed-out' | 'not needed: rollback requested' =
    'not-asked';
  private rejection?: ReasonInput;
  private rollback?: ReasonInput;
  /** Why a rollback no longer applies, once the release is past the point of going back. */
  private finished?: string;
  private switched = false;

  constructor(
    private readonly release: GatedRelease,
    private readonly progress: Progress,
  ) {
    setHandler(
      approveUpdate,
      (input) => {
        this.approval = 'approved';
        return `Approved${input.by ? ` by ${input.by}` : ''}: the release goes on.`;
      },
      {
        validator: (input: ApprovalInput) => {
          assertGateInput('approve', ApprovalInput, input);
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
          assertGateInput('reject', ReasonInput, input);
          this.assertWaiting('reject');
        },
      },
    );
    setHandler(
      rollbackUpdate,
      (input) => {
        this.rollback = input;
        this.progress.fact('rollback', `requested${input.by ? ` by ${input.by}` : ''}: ${input.reason}`);
        return this.switched
          ? 'Rollback requested: traffic goes back to the previous side.'
          : 'Rollback requested: the release stops after its current step and deletes what it created; traffic never moved.';
      },
      {
        validator: (input: ReasonInput) => {
          assertGateInput('rollback', ReasonInput, input);
          this.assertRollbackApplies();
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
    if (this.approvalState === 'approved') return;
    if (this.rollback) {
      // Asked before the approval step began (a rollback is refused while it waits).
      this.approval = 'not needed: rollback requested';
      return;
    }
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

  /** Traffic has moved to the new side: a rollback from now on moves it back. */
  trafficMoved(): void {
    this.switched = true;
  }

  /** No rollback applies any more; `why` is the sentence that tells the one who asks. */
  finish(why = 'the release has ended.'): void {
    this.finished ??= why;
  }

  private assertWaiting(what: string): void {
    const id = workflowInfo().workflowId;
    if (this.release.strategy === 'in-place' || !this.release.approval) {
      throw new Error(
        `${what}: this release was started without an approval step, so it goes on by itself. To stop it, cancel it with \`lightsail-flows cancel ${id}\`.`,
      );
    }
    if (this.approval === 'not-asked') {
      throw new Error(
        `${what}: the release is not waiting for approval yet: it asks once the new side passes verification. Try again when \`lightsail-flows status ${id}\` shows the approval step running.`,
      );
    }
    if (this.approval !== 'waiting') {
      throw new Error(`${what}: the release is not waiting for approval any more (${this.approval}).`);
    }
  }

  private assertRollbackApplies(): void {
    const id = workflowInfo().workflowId;
    if (this.release.strategy === 'in-place') {
      throw new Error(
        `rollback: in-place releases have no rollback gate: one redeploys the previous version by itself when verification fails. To stop this one, cancel it with \`lightsail-flows cancel ${id}\`.`,
      );
    }
    if (this.approval === 'waiting') {
      throw new Error(
        `rollback: the release is waiting for approval and traffic has not moved. Reject it instead: \`lightsail-flows reject ${id} --reason "..."\`.`,
      );
    }
    if (this.finished) throw new Error(`rollback: ${this.finished}`);
    if (this.rollback) throw new Error('rollback: a rollback was already requested and is under way.');
  }
}

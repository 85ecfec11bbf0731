import { condition, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import { ApprovalInput, ReasonInput } from '../../src/schemas/gates';
import { MIGRATION_UPDATES } from '../../src/schemas/migrate-instance';
import { assertGateInput } from './gate-input';

const approveUpdate = defineUpdate<string, [ApprovalInput]>(MIGRATION_UPDATES.approve);
const rejectUpdate = defineUpdate<string, [ReasonInput]>(MIGRATION_UPDATES.reject);

/**
 * The approve/reject pair of updates a run answers while it waits before a change people must
 * agree to (a migration's cut-over, a failover's DNS change). Validators refuse an answer when the
 * run is not waiting, saying why; they add nothing to the history. The existing `approve` and
 * `reject` CLI commands and API routes answer it.
 */
export class ApprovalGate {
  private waiting = false;
  private approved = false;
  private rejection?: ReasonInput;

  constructor(words: {
    /** What an approval starts, e.g. "the cut-over begins". */
    onApprove: string;
    /** What a rejection does, e.g. "the migration is put back; nothing moved". */
    onReject: string;
    /** Why an answer is refused now: the gate's name and the run's id are given. */
    notWaiting: (gate: string, workflowId: string) => string;
  }) {
    const refuseUnlessWaiting = (gate: string) => {
      if (!this.waiting) throw new Error(words.notWaiting(gate, workflowInfo().workflowId));
    };
    setHandler(
      approveUpdate,
      (input) => {
        this.approved = true;
        return `Approved${input.by ? ` by ${input.by}` : ''}: ${words.onApprove}.`;
      },
      {
        validator: (input: ApprovalInput) => {
          assertGateInput('approve', ApprovalInput, input);
          refuseUnlessWaiting('approve');
        },
      },
    );
    setHandler(
      rejectUpdate,
      (input) => {
        this.rejection = input;
        return `Rejected: ${words.onReject}.`;
      },
      {
        validator: (input: ReasonInput) => {
          assertGateInput('reject', ReasonInput, input);
          refuseUnlessWaiting('reject');
        },
      },
    );
  }

  /**
   * Waits for approve or reject, for `alsoEndWhen` (a rollback), or the timeout: one durable timer
   * however long it lasts. Resolves with what ended it ('other' for alsoEndWhen).
   */
  async await(
    timeoutMinutes: number,
    alsoEndWhen: () => boolean = () => false,
  ): Promise<'approved' | 'rejected' | 'other' | 'timed-out'> {
    this.waiting = true;
    try {
      await condition(
        () => this.approved || !!this.rejection || alsoEndWhen(),
        `${Math.round(timeoutMinutes * 60_000)} milliseconds`,
      );
    } finally {
      this.waiting = false;
    }
    if (alsoEndWhen()) return 'other';
    if (this.rejection) return 'rejected';
    return this.approved ? 'approved' : 'timed-out';
  }

  get rejectedBecause(): ReasonInput | undefined {
    return this.rejection;
  }
}

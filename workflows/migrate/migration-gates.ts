import { condition, defineUpdate, setHandler } from '@temporalio/workflow';
import { ApprovalInput, ReasonInput } from '../../src/schemas/gates';
import { MIGRATION_UPDATES } from '../../src/schemas/migrate-instance';
import { ApprovalGate } from '../support/approval-gate';
import { assertGateInput } from '../support/gate-input';
import type { Progress } from '../support/progress';

const rollbackUpdate = defineUpdate<string, [ReasonInput]>(MIGRATION_UPDATES.rollback);
const finishNowUpdate = defineUpdate<string, [ApprovalInput]>(MIGRATION_UPDATES.finishNow);

export const MIGRATION_ROLLED_BACK = 'MigrationRolledBack';
export const MIGRATION_REJECTED = 'MigrationRejected';

type Phase = 'moving' | 'awaiting-approval' | 'keeping' | 'retiring' | 'ended';

/**
 * A migration's gates, as updates so the caller gets an answer or a refusal saying why:
 * approve/reject while it waits before the cut-over, rollback any time until the old instance is
 * deleted, finish-now during the keep period. Validators add nothing to the history.
 */
export class MigrationGates {
  private phase: Phase = 'moving';
  private rollback?: ReasonInput;
  private finishNow = false;

  private readonly approval: ApprovalGate;

  constructor(private readonly progress: Progress) {
    // Registered first, as before the approve/reject pair moved to ApprovalGate: handlers add no events.
    this.approval = new ApprovalGate({
      onApprove: 'the cut-over begins',
      onReject: 'the migration is put back; nothing moved',
      notWaiting: (gate, id) =>
        `${gate}: the migration is not waiting for approval now (${this.phase}); it asks after the new instance passes verification when started with cutOver.mode "approve". To stop it, \`lightsail-flows rollback ${id} --reason "..."\`.`,
    });
    setHandler(
      rollbackUpdate,
      (input) => {
        this.rollback = input;
        this.progress.fact('rollback', `requested${input.by ? ` by ${input.by}` : ''}: ${input.reason}`);
        return 'Rollback requested: everything moves back to the old instance, and what the run made is deleted.';
      },
      {
        validator: (input: ReasonInput) => {
          assertGateInput('rollback', ReasonInput, input);
          if (this.phase === 'retiring' || this.phase === 'ended') {
            throw new Error('rollback: the old instance is being deleted or gone; the migration is final.');
          }
          if (this.rollback) throw new Error('rollback: a rollback was already requested and is under way.');
        },
      },
    );
    setHandler(
      finishNowUpdate,
      (input) => {
        this.finishNow = true;
        return `Keep period ended early${input.by ? ` by ${input.by}` : ''}: the old instance is deleted now.`;
      },
      {
        validator: (input: ApprovalInput) => {
          assertGateInput('finish-now', ApprovalInput, input);
          if (this.phase !== 'keeping') {
            throw new Error(
              `finish-now: the migration is not keeping the old instance now (${this.phase}); finish-now ends the keep period after the cut-over.`,
            );
          }
        },
      },
    );
  }

  get rollbackRequested(): ReasonInput | undefined {
    return this.rollback;
  }

  /** Waits for approve, reject or rollback, or the timeout. */
  async awaitApproval(timeoutMinutes: number): Promise<'approved' | 'rejected' | 'rollback' | 'timed-out'> {
    this.phase = 'awaiting-approval';
    try {
      const answer = await this.approval.await(timeoutMinutes, () => !!this.rollback);
      return answer === 'other' ? 'rollback' : answer;
    } finally {
      this.phase = 'moving';
    }
  }

  get rejectedBecause(): ReasonInput | undefined {
    return this.approval.rejectedBecause;
  }

  /**
   * The keep period: a durable timer of any length (one timer, a few events), ended early by
   * finish-now or a rollback. Resolves with what ended it.
   */
  async keep(ms: number): Promise<'elapsed' | 'finish-now' | 'rollback'> {
    this.phase = 'keeping';
    if (ms > 0) await condition(() => this.finishNow || !!this.rollback, Math.max(1, ms));
    if (this.rollback) return 'rollback';
    this.phase = 'retiring';
    return this.finishNow ? 'finish-now' : 'elapsed';
  }

  end(): void {
    this.phase = 'ended';
  }
}

import { condition, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import type { z } from 'zod';
import { ApprovalInput, ReasonInput } from '../../src/schemas/gates';
import { RUNBOOK_UPDATES } from '../../src/schemas/runbook';
import { assertGateInput } from '../support/gate-input';

const approveUpdate = defineUpdate<string, [ApprovalInput]>(RUNBOOK_UPDATES.approve);
const rejectUpdate = defineUpdate<string, [ReasonInput]>(RUNBOOK_UPDATES.reject);

export type GateOutcome =
  | { outcome: 'approved'; by?: string; comment?: string }
  | { outcome: 'rejected'; by?: string; reason: string }
  | { outcome: 'timed-out' };

/**
 * A runbook's approve steps, answered by the same `approve` and `reject` commands and routes as
 * the built-ins' gates. An answer goes to every approve step waiting at that moment (a forEach
 * may have several); at any other time the update is refused, saying why, without reaching the
 * history.
 */
export class RunbookGates {
  private readonly waiting = new Set<string>();
  private answer?: { seq: number; outcome: GateOutcome };
  private seq = 0;

  constructor() {
    setHandler(
      approveUpdate,
      (input) => this.answered({ outcome: 'approved', by: input.by, comment: input.comment }),
      {
        validator: (input: ApprovalInput) => this.validate('approve', ApprovalInput, input),
      },
    );
    setHandler(
      rejectUpdate,
      (input) => this.answered({ outcome: 'rejected', by: input.by, reason: input.reason }),
      {
        validator: (input: ReasonInput) => this.validate('reject', ReasonInput, input),
      },
    );
  }

  /** Gives the answer to every approve step waiting now; says what happens next. */
  private answered(outcome: Exclude<GateOutcome, { outcome: 'timed-out' }>): string {
    const steps = [...this.waiting].join(', ');
    this.answer = { seq: ++this.seq, outcome };
    return outcome.outcome === 'approved'
      ? `Approved${outcome.by ? ` by ${outcome.by}` : ''}: ${steps} go on.`
      : `Rejected: ${steps} fail, and the run undoes what it did.`;
  }

  /** The input's fields, then whether any step asks now: refused before the history otherwise. */
  private validate(gate: string, schema: z.ZodType, input: unknown): void {
    assertGateInput(gate, schema, input);
    if (this.waiting.size === 0) {
      throw new Error(
        `${gate}: runbook run ${workflowInfo().workflowId} is not waiting for approval now; its approve steps ask when they are reached.`,
      );
    }
  }

  /** Waits for an answer given after the step began to wait, or the timeout (one timer). */
  async await(stepId: string, timeoutMs: number): Promise<GateOutcome> {
    const since = this.seq;
    this.waiting.add(stepId);
    try {
      const answered = await condition(() => (this.answer?.seq ?? 0) > since, Math.max(1, timeoutMs));
      return answered ? this.answer!.outcome : { outcome: 'timed-out' };
    } finally {
      this.waiting.delete(stepId);
    }
  }
}

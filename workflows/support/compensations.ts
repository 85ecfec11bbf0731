import { CancellationScope, log } from '@temporalio/workflow';
import { runFailure } from './failures';
import type { Progress } from './progress';

interface Compensation {
  description: string;
  region: string;
  type: string;
  name: string;
  /** Resolves with a reason when it left the resource alone (not provably this run's). */
  undo: () => Promise<void | { kept?: string }>;
  /** What the undo did, in the progress: deleted (the default) or restored (put back as it was). */
  undoneAs?: 'deleted' | 'restored' | 'started';
}

/**
 * The saga: what to undo if a later step fails. Only resources this run created (or adopted
 * from its own earlier attempt) are registered, and each delete re-reads the run tag first and
 * keeps (with a warning in the progress) anything not tagged as this run's.
 */
export class Compensations {
  private readonly stack: Compensation[] = [];

  add(compensation: Compensation): void {
    this.stack.push(compensation);
  }

  /**
   * A run's end on a failure: compensating while it undoes, then failed; answers the failure to
   * throw (runFailure: typed and worded after the root cause).
   */
  async fail(progress: Progress, err: unknown): Promise<unknown> {
    progress.setStatus('compensating');
    await this.run(progress);
    progress.setStatus('failed');
    return runFailure(err);
  }

  /** Hands every undo over to `other`, in order (a runbook's forEach item joining the run's saga). */
  moveInto(other: Compensations): void {
    other.stack.push(...this.stack.splice(0));
  }

  /** Undoes newest first; runs even when the workflow is being cancelled. */
  async run(progress: Progress): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      while (this.stack.length > 0) {
        const c = this.stack.pop()!;
        try {
          const outcome = await c.undo();
          if (outcome?.kept) {
            // Deleting needs proof that this run made it; without that it stays, and the run says so.
            log.warn(`Compensation kept ${c.type} ${c.name} in ${c.region}: ${outcome.kept}`);
            progress.touched({
              region: c.region,
              type: c.type,
              name: c.name,
              action: 'kept',
              note: outcome.kept,
            });
          } else {
            progress.touched({
              region: c.region,
              type: c.type,
              name: c.name,
              action: c.undoneAs ?? 'deleted',
            });
          }
        } catch (err) {
          // Keep undoing the rest; the run's failure already says what went wrong first.
          log.error(`Compensation failed: ${c.description}`, { error: String(err) });
        }
      }
    });
  }
}

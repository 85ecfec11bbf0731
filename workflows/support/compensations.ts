import { CancellationScope, log } from '@temporalio/workflow';
import type { Progress } from './progress';

interface Compensation {
  description: string;
  region: string;
  type: string;
  name: string;
  undo: () => Promise<void>;
}

/**
 * The saga: what to undo if a later step fails. Only resources this run created (or adopted
 * from its own earlier attempt) are registered, so nothing the user owned is ever deleted.
 */
export class Compensations {
  private readonly stack: Compensation[] = [];

  add(compensation: Compensation): void {
    this.stack.push(compensation);
  }

  /** Undoes newest first; runs even when the workflow is being cancelled. */
  async run(progress: Progress): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      while (this.stack.length > 0) {
        const c = this.stack.pop()!;
        try {
          await c.undo();
          progress.touched({ region: c.region, type: c.type, name: c.name, action: 'deleted' });
        } catch (err) {
          // Keep undoing the rest; the run's failure already says what went wrong first.
          log.error(`Compensation failed: ${c.description}`, { error: String(err) });
        }
      }
    });
  }
}

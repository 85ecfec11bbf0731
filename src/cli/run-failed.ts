import type { WorkflowFailedError } from '@temporalio/client';
import { UserFacingError } from '../user-facing-error';

/** A run that ended in failure: the CLI prints the failure's own message and exits 1. */
export class RunFailed extends UserFacingError {
  constructor(workflowId: string, err: WorkflowFailedError) {
    const cause = err.cause;
    const type = cause && 'type' in cause && typeof cause.type === 'string' ? `${cause.type}: ` : '';
    super(`Run ${workflowId} failed: ${type}${cause?.message ?? err.message}`);
  }
}

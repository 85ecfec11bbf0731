import { WorkflowNotFoundError, type Client } from '@temporalio/client';

/**
 * The run holding a name lock: the parent of the running lock workflow; undefined when the lock
 * is free. Read by the lock activities (waiting for a name) and by the plan (is the name free?).
 */
export async function lockHolder(client: Client, lockId: string): Promise<string | undefined> {
  try {
    const description = await client.workflow.getHandle(lockId).describe();
    if (description.status.name !== 'RUNNING') return undefined;
    return description.parentExecution?.workflowId ?? 'unknown';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

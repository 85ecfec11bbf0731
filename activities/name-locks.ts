import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { sleep } from '../src/lightsail/waiting';

/** How often a run waiting its turn for a name asks whether the holder let go. */
const RELEASE_CHECK_INTERVAL_MS = 1_000;

/** The activities behind name locks (workflows/locks): who holds a name, and waiting for it. */
export function nameLockActivities() {
  /** The run holding a lock: the parent of the running lock workflow; undefined when it is free. */
  async function holderOf(lockId: string): Promise<string | undefined> {
    try {
      const description = await Context.current().client.workflow.getHandle(lockId).describe();
      if (description.status.name !== 'RUNNING') return undefined;
      return description.parentExecution?.workflowId ?? 'unknown';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  return {
    async describeNameLock(input: { lockId: string }): Promise<{ holder?: string }> {
      return { holder: await holderOf(input.lockId) };
    },

    /** Returns once the lock is free; heartbeats, so a cancelled run stops waiting at once. */
    async awaitNameLockReleased(input: { lockId: string }): Promise<void> {
      const ctx = Context.current();
      while ((await holderOf(input.lockId)) !== undefined) {
        ctx.heartbeat();
        if (!(await sleep(RELEASE_CHECK_INTERVAL_MS, ctx.cancellationSignal))) return;
      }
    },
  };
}

import { Context } from '@temporalio/activity';
import { lockHolder } from '../src/locks/lock-holder';
import { sleep } from '../src/lightsail/waiting';

/** How often a run waiting its turn for a name asks whether the holder let go. */
const RELEASE_CHECK_INTERVAL_MS = 1_000;

/** The activities behind name locks (workflows/locks): who holds a name, and waiting for it. */
export function nameLockActivities() {
  const holderOf = (lockId: string) => lockHolder(Context.current().client, lockId);

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

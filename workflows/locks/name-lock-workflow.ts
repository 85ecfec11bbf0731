import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/** The workflow type of a name lock; `lightsail-flows list` leaves these out. */
export const NAME_LOCK_WORKFLOW = 'lightsailFlowsNameLock';

export const releaseNameLock = defineSignal('release');

/**
 * A name lock: while this workflow runs under the lock's id, no other run can start it, so no
 * other run can hold the name. It is started as a child of the run that holds the name, with the
 * parent-close policy TERMINATE, so the server ends it when that run ends however it ends
 * (completed, failed, cancelled, terminated, timed out): a crashed holder never leaves a name
 * locked. The holder releases it earlier with the `release` signal. It waits on a condition:
 * no timers, no activities, a handful of events however long it is held.
 */
export async function lightsailFlowsNameLock(_key: {
  region: string;
  kind: string;
  name: string;
}): Promise<void> {
  let released = false;
  setHandler(releaseNameLock, () => {
    released = true;
  });
  await condition(() => released);
}

import {
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  patched,
  startChild,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { nameLockId, TARGET_NAME_TAKEN, type NameKey } from '../../src/locks/name-lock-keys';
import type { activityProxies } from '../support/activity-proxies';
import { lightsailFlowsNameLock, releaseNameLock } from './name-lock-workflow';

type Proxies = ReturnType<typeof activityProxies>;

/**
 * The patch after which a run lets its end release the name locks it still holds: the server
 * terminates them as the run closes (their parent-close policy). Signalling each first cost the
 * run a signal and a workflow task, and the lock a workflow task (docs/performance.md). The copy
 * has its own patch for the same change (COPY_LOCKS_END_WITH_RUN).
 */
export const LOCKS_END_WITH_RUN = 'locks-end-with-run';

/** A held name lock; release is idempotent, and the run's end releases it anyway. */
export class NameLock {
  private released = false;

  /** Whether release() was asked: the lock is let go, or is being. */
  get isReleased(): boolean {
    return this.released;
  }

  constructor(
    readonly key: NameKey,
    private readonly handle: ChildWorkflowHandle<typeof lightsailFlowsNameLock>,
  ) {}

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.handle.signal(releaseNameLock);
  }
}

async function tryLock(key: NameKey): Promise<NameLock | undefined> {
  try {
    // Started outside the run's cancellation: a cancelled run keeps its names until its
    // compensations are done, and lets go by release() or by ending.
    const handle = await CancellationScope.nonCancellable(() =>
      startChild(lightsailFlowsNameLock, {
        workflowId: nameLockId(key),
        args: [key],
        parentClosePolicy: ParentClosePolicy.TERMINATE,
      }),
    );
    return new NameLock(key, handle);
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw err;
  }
}

/**
 * Takes the lock on a name the user chose, or fails at once with TargetNameTaken naming the run
 * that holds it, before this run has made anything.
 */
export async function lockNameOrFail(proxies: Proxies, key: NameKey, field: string): Promise<NameLock> {
  for (;;) {
    const lock = await tryLock(key);
    if (lock) return lock;
    const { holder } = await proxies.calls.describeNameLock({ lockId: nameLockId(key) });
    // Released between the two calls: try again.
    if (holder === undefined) continue;
    throw ApplicationFailure.nonRetryable(
      `${field}: the ${key.kind} name "${key.name}" in ${key.region} is in use by run ${holder}, which is making or changing it. ` +
        'Choose another name, or start this run again once that run has ended.',
      TARGET_NAME_TAKEN,
      { lockId: nameLockId(key), holder },
    );
  }
}

/**
 * Takes the lock on a name, waiting its turn while another run holds it. The wait is one
 * heartbeating activity per holder, so it costs a few events however long it lasts.
 */
export async function lockNameInTurn(
  proxies: Proxies,
  key: NameKey,
  onWait: (holder: string) => void,
): Promise<NameLock> {
  for (;;) {
    const lock = await tryLock(key);
    if (lock) return lock;
    const { holder } = await proxies.calls.describeNameLock({ lockId: nameLockId(key) });
    if (holder === undefined) continue;
    onWait(holder);
    await proxies.lockWaits.awaitNameLockReleased({ lockId: nameLockId(key) });
  }
}

/**
 * At a run's end (its `finally`): the locks it still holds end with it. A run that holds none asks
 * no patch, so it writes no marker; runs from before the patch signal each lock, as they did.
 * `endsWithRun` is a procedure's own answer to the same question, asked earlier under a patch of
 * its own (the copy's, which saves a marker); without it, LOCKS_END_WITH_RUN is asked here.
 */
export async function releaseAtRunEnd(
  locks: readonly (NameLock | undefined)[],
  endsWithRun?: boolean,
): Promise<void> {
  const held = locks.filter((lock): lock is NameLock => lock !== undefined && !lock.isReleased);
  if (held.length === 0 || (endsWithRun ?? patched(LOCKS_END_WITH_RUN))) return;
  await CancellationScope.nonCancellable(() => Promise.all(held.map((lock) => lock.release())));
}

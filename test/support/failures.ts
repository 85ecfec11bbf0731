import { strict as assert } from 'node:assert';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** Waits for a run that must fail and answers its ApplicationFailure (type and message). */
export async function expectFailure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => assert.fail('the run should have failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowFailedError, `expected WorkflowFailedError, got ${String(err)}`);
  assert.ok(
    err.cause instanceof ApplicationFailure,
    `expected an ApplicationFailure, got ${String(err.cause)}`,
  );
  return err.cause;
}

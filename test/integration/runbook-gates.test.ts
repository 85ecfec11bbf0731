import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetInstanceSnapshotCommand } from '@aws-sdk/client-lightsail';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import { RUNBOOK_UPDATES } from '../../src/schemas/runbook';
import { expectFailure } from '../support/failures';
import { createInstanceSnapshot, uniqueName, waitUntil } from '../support/fixtures';
import { createTaggedInstances, startRunbook } from '../support/runbook-fixtures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

const testRunbook = (file: string) => readFileSync(join(__dirname, '..', 'runbooks', file), 'utf8');

describe('runbook approve steps, cancellation and procedure steps', function () {
  this.timeout(180_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  async function gatedRun() {
    const instance = uniqueName('gated');
    await createTaggedInstances(stack.clients, 'us-east-1', [instance], { key: 'gated', value: 'yes' });
    return startRunbook(stack, testRunbook('gated.yaml'), { instance });
  }

  const waitingForApproval = (handle: WorkflowHandle) =>
    waitUntil(
      'the approve step',
      async () => {
        const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
        return progress.steps.find((s) => s.id === 'keep')?.state === 'running' ? progress : undefined;
      },
      60_000,
      100,
    );

  const snapshotExists = async (name: string) =>
    stack.clients
      .forRegion('us-east-1')
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: name }))
      .then(
        () => true,
        () => false,
      );

  it('approve is refused while no step asks, and answers the approve step when it does', async () => {
    const handle = await gatedRun();
    await assert.rejects(handle.executeUpdate(RUNBOOK_UPDATES.approve, { args: [{}] }), (err: Error) => {
      assert.match(
        String((err.cause as Error | undefined)?.message),
        /approve: runbook run .* is not waiting for approval now/,
      );
      return true;
    });
    const progress = await waitingForApproval(handle);
    assert.match(
      progress.steps.find((s) => s.id === 'keep')?.detail ?? '',
      /^waiting for approval: Keep snapshot /,
    );
    const answer = await handle.executeUpdate(RUNBOOK_UPDATES.approve, { args: [{ by: 'ana' }] });
    assert.equal(answer, 'Approved by ana: keep go on.');
    const result = await handle.result();
    assert.equal(result.outputs.approvedBy, 'ana');
    assert.ok(await snapshotExists(result.outputs.snapshot as string), 'the approved snapshot is kept');
  });

  it('reject fails the run and undoes what it did', async () => {
    const handle = await gatedRun();
    await waitingForApproval(handle);
    await handle.executeUpdate(RUNBOOK_UPDATES.reject, { args: [{ reason: 'not today', by: 'bo' }] });
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, 'RunbookRejected');
    assert.equal(failure.message, 'keep: rejected by bo: not today');
    const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
    const deleted = progress.resources.find((r) => r.action === 'deleted');
    assert.ok(deleted, JSON.stringify(progress.resources));
    assert.equal(await snapshotExists(deleted.name), false);
  });

  it('a cancelled run undoes what it did and ends cancelled', async () => {
    const handle = await gatedRun();
    await waitingForApproval(handle);
    await handle.cancel();
    const err = await handle.result().then(
      () => assert.fail('the run should be cancelled'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure, String(err));
    const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
    const deleted = progress.resources.find((r) => r.action === 'deleted');
    assert.ok(deleted, JSON.stringify(progress.resources));
    assert.equal(await snapshotExists(deleted.name), false);
  });

  it('a procedure step runs a built-in procedure as a child run and reads its result', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'child');
    const handle = await startRunbook(stack, testRunbook('copy-child.yaml'), {
      snapshot: snapshotName,
      poll: TEST_POLL,
    });
    const result = await handle.result();
    assert.equal(typeof result.outputs.copy, 'string');
    assert.ok((result.outputs.copy as string).startsWith(snapshotName), String(result.outputs.copy));
    const child = stack.client.workflow.getHandle(`${handle.workflowId}-copy`);
    assert.equal((await child.describe()).status.name, 'COMPLETED');
  });
});

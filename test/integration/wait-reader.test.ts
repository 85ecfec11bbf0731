import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { CALL_BUDGET_TASK_QUEUE } from '../../src/schemas/call-budget';
import {
  CLAIM_WAIT_READER_UPDATE,
  WAIT_READER_LEASE_WORKFLOW,
  waitReaderLeaseWorkflowId,
  type WaitReaderAnswer,
  type WaitReaderClaim,
} from '../../src/schemas/wait-reader';
import { WaitReader } from '../../src/temporal/wait-reader';
import { waitUntil } from '../support/fixtures';
import { runBudgetsWorker } from '../support/budgets-worker';
import { testStack, type TestStack } from '../support/stack';

/**
 * The wait reader (src/temporal/wait-reader.ts): of the workers of a task queue, the one holding
 * the lease (workflows/budget/wait-reader-lease-workflow.ts) polls the waits queue, and another
 * takes over when it stops or goes quiet. Each case uses a task queue of its own, so a lease of
 * its own.
 */
describe('the wait reader: one worker of a task queue reads for every worker', function () {
  this.timeout(300_000);
  let stack: TestStack;
  let budgets: { stop: () => Promise<void> };

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    budgets = await runBudgetsWorker(stack);
  });

  after(() => budgets.stop());

  const taskQueue = () => `reader-${randomUUID().slice(0, 8)}`;

  const claim = (queue: string, request: WaitReaderClaim) =>
    stack.client.workflow.executeUpdateWithStart<
      (s: unknown) => Promise<void>,
      WaitReaderAnswer,
      [WaitReaderClaim]
    >(CLAIM_WAIT_READER_UPDATE, {
      args: [request],
      startWorkflowOperation: new WithStartWorkflowOperation(WAIT_READER_LEASE_WORKFLOW, {
        workflowId: waitReaderLeaseWorkflowId(queue),
        taskQueue: CALL_BUDGET_TASK_QUEUE,
        args: [{ taskQueue: queue, untilMs: 0 }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });

  /** A reader whose "reading" is a flag, claiming every 200 ms. */
  function reader(queue: string, workerId: string, version?: string) {
    const state = { reading: false, startedReading: 0 };
    const waitReader = new WaitReader({
      client: stack.client,
      taskQueue: queue,
      workerId,
      version,
      claimEveryMs: 200,
      leaseMs: 2_000,
      startReading: () => {
        state.reading = true;
        state.startedReading += 1;
        let stop = () => undefined as void;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        return Promise.resolve({
          run: () => stopped.then(() => void (state.reading = false)),
          stop: () => stop(),
        });
      },
    });
    return { state, waitReader, running: waitReader.run() };
  }

  it('the first worker to claim reads and the next does not; when the first stops, the next takes over at its next claim', async () => {
    const queue = taskQueue();
    const a = reader(queue, 'worker-a');
    await waitUntil('worker a reading', () => Promise.resolve(a.state.reading || undefined));
    const b = reader(queue, 'worker-b');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // five claims of b's
    assert.equal(b.state.reading, false, 'b reads while a holds the lease');
    a.waitReader.stop();
    await a.running;
    assert.equal(a.state.reading, false);
    const stoppedAt = Date.now();
    await waitUntil('worker b reading', () => Promise.resolve(b.state.reading || undefined));
    // A stopping reader lets go: not the 2 s lease, a claim's 0.2 s and a round trip.
    assert.ok(Date.now() - stoppedAt < 1_500, `taken over after ${Date.now() - stoppedAt} ms`);
    b.waitReader.stop();
    await b.running;
    assert.equal(a.state.startedReading + b.state.startedReading, 2, 'each read once, never both at once');
  });

  it("versioned workers have a reader per Worker Deployment version: a pinned run's waits go to its own version", async () => {
    const queue = taskQueue();
    const old = reader(queue, 'worker-old', 'shop.1');
    const current = reader(queue, 'worker-new', 'shop.2');
    await waitUntil('both versions reading', () =>
      Promise.resolve((old.state.reading && current.state.reading) || undefined),
    );
    for (const r of [old, current]) {
      r.waitReader.stop();
      await r.running;
    }
  });

  it('a holder gone quiet loses the lease once it runs out: another claim is granted then, not before', async () => {
    const queue = taskQueue();
    assert.deepEqual(await claim(queue, { workerId: 'a', leaseMs: 1_500 }), { granted: true, holder: 'a' });
    assert.deepEqual(await claim(queue, { workerId: 'b', leaseMs: 1_500 }), { granted: false, holder: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.deepEqual(await claim(queue, { workerId: 'b', leaseMs: 1_500 }), { granted: true, holder: 'b' });
  });

  it('refuses a claim with no worker id or a lease out of range, naming the field and the rule', async () => {
    const queue = taskQueue();
    const refusedWith = (rule: RegExp) => (err: Error) => {
      assert.match(String((err.cause as Error | undefined)?.message), rule);
      return true;
    };
    await assert.rejects(
      claim(queue, { workerId: '', leaseMs: 1_500 }),
      refusedWith(/workerId must be a string of 1 to 200 characters/),
    );
    await assert.rejects(
      claim(queue, { workerId: 'a', leaseMs: 10 }),
      refusedWith(/leaseMs must be a whole number from 1000 to 300000/),
    );
  });
});

import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import {
  CALL_BUDGET_TASK_QUEUE,
  CALL_BUDGET_WORKFLOW,
  callBudgetWorkflowId,
  RESERVE_CALL_SLOTS_UPDATE,
  type CallSlots,
  type CallSlotsRequest,
} from '../../src/schemas/call-budget';
import { SharedCallBudget } from '../../src/temporal/shared-call-budget';
import { runBudgetsWorker } from '../support/budgets-worker';
import { testStack, type TestStack } from '../support/stack';

/**
 * A region's call budget (workflows/budget/call-budget-workflow.ts) on the dev server: the slots
 * it gives are spaced whoever asks, it carries the next free slot over continue-as-new, and it
 * refuses a request it cannot answer. Each case uses a region name of its own, so a budget of its own.
 */
describe('the call budget workflow on the dev server', function () {
  this.timeout(180_000);
  let stack: TestStack;
  let budgets: { stop: () => Promise<void> };

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  const startBudgets = async () => {
    budgets = await runBudgetsWorker(stack);
  };

  after(() => budgets.stop());

  // First: until then no worker of this process runs the budgets.
  it('a call waits for its slot until a worker runs the budget: none goes out unpaced', async () => {
    const turn = new SharedCallBudget(stack.client, 20).forRegion(region()).turn();
    let admitted = false;
    void turn.then(() => (admitted = true));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.equal(admitted, false, 'admitted with no budget running');
    await startBudgets();
    await turn;
  });

  const region = () => `test-${randomUUID().slice(0, 8)}`;

  const reserve = (where: string, request: CallSlotsRequest) =>
    stack.client.workflow.executeUpdateWithStart<
      (s: unknown) => Promise<void>,
      CallSlots,
      [CallSlotsRequest]
    >(RESERVE_CALL_SLOTS_UPDATE, {
      args: [request],
      startWorkflowOperation: new WithStartWorkflowOperation(CALL_BUDGET_WORKFLOW, {
        workflowId: callBudgetWorkflowId(where),
        taskQueue: CALL_BUDGET_TASK_QUEUE,
        args: [{ region: where, nextFreeAtMs: 0 }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });

  it('two workers asking at once get slots 1/rate apart: twenty calls at 20 a second span at least 0.8 s, not the 0.45 s of two workers pacing alone', async () => {
    const where = region();
    const workers = [new SharedCallBudget(stack.client, 20), new SharedCallBudget(stack.client, 20)];
    const started = performance.now();
    const admitted = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        workers[i % 2]!.forRegion(where)
          .turn()
          .then(() => performance.now() - started),
      ),
    );
    admitted.sort((a, b) => a - b);
    // 19 gaps of 50 ms, 950 ms; a slot is used a round trip after the budget gave it, and the first
    // request (which starts the budget) takes longest, so the span may shrink by that much.
    assert.ok(
      admitted[19]! - admitted[0]! >= 800,
      `the twenty calls spanned ${Math.round(admitted[19]! - admitted[0]!)} ms`,
    );
  });

  it('continues as new after 1,000 requests and carries the next free slot over', async () => {
    const where = region();
    for (let i = 0; i < 999; i += 9) {
      await Promise.all(
        Array.from({ length: Math.min(9, 999 - i) }, () =>
          reserve(where, { count: 1, perSecond: 1_000_000 }),
        ),
      );
    }
    // The thousandth request reserves two seconds of slots; the run then moves on.
    await reserve(where, { count: 100, perSecond: 50 });
    const next = await reserve(where, { count: 1, perSecond: 50 });
    assert.ok(next.delayMs >= 1_500, `the next slot came ${next.delayMs} ms after the request`);
    const handle = stack.client.workflow.getHandle(callBudgetWorkflowId(where));
    const described = await handle.describe();
    assert.notEqual(
      described.runId,
      described.raw.workflowExecutionInfo?.firstRunId,
      'a run after the first',
    );
  });

  it('refuses a request for no slots, naming the field and the rule', async () => {
    await assert.rejects(reserve(region(), { count: 0, perSecond: 10 }), (err: Error) => {
      assert.match(
        String((err.cause as Error | undefined)?.message),
        /count must be a whole number from 1 to 200/,
      );
      return true;
    });
  });
});

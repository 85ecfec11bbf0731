import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { COPY_SNAPSHOT_WORKFLOW, type CopySnapshotInput } from '../../src/schemas/copy-snapshot';
import { callBudgetWorkflowId } from '../../src/schemas/call-budget';
import type { RunningCommand } from '../support/cli-process';
import { createInstanceSnapshot } from '../support/fixtures';
import { stackCliEnv, TEST_POLL, testStack, type TestStack } from '../support/stack';
import { workerProcesses } from '../support/worker-process';

/** The emulator's limit per region, and what each worker is told to keep under. */
const LIMIT_PER_SECOND = 20;
const WORKER_RATE = '16';
const COPIES = 36;

/**
 * One Lightsail call budget per region for every worker (src/temporal/shared-call-budget.ts):
 * three worker processes on one task queue keep under LIGHTSAIL_CALLS_PER_SECOND together. The
 * same load with each worker pacing on its own is throttled, which is why the budget is shared.
 */
describe('one Lightsail call budget shared by three worker processes', function () {
  this.timeout(600_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  afterEach(() => stack.control.setRateLimit(null));

  /** Three workers on a task queue of their own, copies started at once; the throttled calls and the calls made. */
  async function copiesUnderLimit(budget: 'shared' | 'process', prefix: string) {
    const sources = await Promise.all(
      Array.from({ length: COPIES }, (_, i) =>
        createInstanceSnapshot(stack.clients, 'us-east-1', `${prefix}-${i}`),
      ),
    );
    const workers = workerProcesses(
      { ...stackCliEnv(stack), LIGHTSAIL_CALLS_PER_SECOND: WORKER_RATE, LIGHTSAIL_CALL_BUDGET: budget },
      prefix,
    );
    const running: RunningCommand[] = [];
    try {
      for (let i = 0; i < 3; i++) running.push(await workers.start());
      // Each worker says how it paces in its start line.
      assert.match(
        running[0]!.output().stderr,
        budget === 'shared'
          ? /calls at most 16\/s per region for all workers together/
          : /calls at most 16\/s per region from this worker/,
      );
      await stack.control.setRateLimit(LIMIT_PER_SECOND, LIMIT_PER_SECOND);
      const since = Date.now();
      const runs = await Promise.all(
        sources.map(({ snapshotName }) => {
          const input: CopySnapshotInput = {
            sourceRegion: 'us-east-1',
            targetRegions: ['eu-west-1'],
            source: { type: 'manual', snapshotName },
            poll: TEST_POLL,
          };
          return stack.client.workflow.start(COPY_SNAPSHOT_WORKFLOW, {
            taskQueue: workers.taskQueue,
            workflowId: `test-budget-${randomUUID()}`,
            args: [input],
          });
        }),
      );
      for (const run of runs) await run.result();
      await stack.control.setRateLimit(null);
      const audit = (await stack.control.audit()).filter((c) => Date.parse(c.time) >= since);
      // Which worker took which run: every worker must have made calls for the test to mean anything.
      const identities = new Set(
        (await Promise.all(runs.map((r) => r.fetchHistory())))
          .flatMap((h) => h.events ?? [])
          .map((e) => e.activityTaskStartedEventAttributes?.identity)
          .filter((id): id is string => Boolean(id)),
      );
      return {
        calls: audit.length,
        throttled: audit.filter((c) => c.error === 'ThrottlingException').length,
        workersThatRanActivities: identities.size,
      };
    } finally {
      for (const worker of running) await workers.kill(worker);
    }
  }

  it('three workers sharing the budget make no throttled call at the documented rate', async () => {
    const shared = await copiesUnderLimit('shared', 'budget-shared');
    assert.equal(shared.workersThatRanActivities, 3, 'all three workers ran activities');
    assert.equal(shared.throttled, 0, `${shared.throttled} of ${shared.calls} calls throttled`);
    // The budget is a run like any other, on its own task queue, for anyone to inspect.
    const budget = await stack.client.workflow.getHandle(callBudgetWorkflowId('eu-west-1')).describe();
    assert.equal(budget.status.name, 'RUNNING');
    assert.equal(budget.taskQueue, 'lightsail-flows-call-budgets');
  });

  it('three workers each pacing on its own (LIGHTSAIL_CALL_BUDGET=process) are throttled under the same load', async () => {
    const alone = await copiesUnderLimit('process', 'budget-process');
    assert.ok(alone.throttled > 0, `${alone.throttled} of ${alone.calls} calls throttled`);
  });
});

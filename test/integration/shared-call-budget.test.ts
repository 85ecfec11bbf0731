import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { COPY_SNAPSHOT_WORKFLOW, type CopySnapshotInput } from '../../src/schemas/copy-snapshot';
import { callBudgetWorkflowId } from '../../src/schemas/call-budget';
import { waitReaderLeaseWorkflowId } from '../../src/schemas/wait-reader';
import { OPERATION_READS } from '../../bench/calls';
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

  /**
   * `workerCount` workers (three unless said) on a task queue of their own, copies started at
   * once: the throttled calls, the calls made, the operation reads, and which workers ran steps
   * and which ran waits.
   */
  async function copiesUnderLimit(budget: 'shared' | 'process', prefix: string, workerCount = 3) {
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
      for (let i = 0; i < workerCount; i++) running.push(await workers.start());
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
      const events = (await Promise.all(runs.map((r) => r.fetchHistory()))).flatMap((h) => h.events ?? []);
      const identities = (waits: boolean) => {
        const scheduled = new Map(
          events.map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes]),
        );
        return new Set(
          events.flatMap((e) => {
            const started = e.activityTaskStartedEventAttributes;
            const type = scheduled.get(String(started?.scheduledEventId))?.activityType?.name;
            return started?.identity && (type === 'awaitOperations') === waits ? [started.identity] : [];
          }),
        );
      };
      const reads = new Set<string>(OPERATION_READS);
      return {
        calls: audit.length,
        throttled: audit.filter((c) => c.error === 'ThrottlingException').length,
        operationReads: audit.filter((c) => reads.has(c.action)).length,
        taskQueue: workers.taskQueue,
        workersThatRanSteps: identities(false).size,
        workersThatRanWaits: identities(true).size,
      };
    } finally {
      for (const worker of running) await workers.kill(worker);
    }
  }

  it('three workers sharing the budget make no throttled call at the documented rate', async () => {
    const shared = await copiesUnderLimit('shared', 'budget-shared');
    assert.equal(shared.workersThatRanSteps, 3, 'all three workers ran steps');
    assert.equal(shared.throttled, 0, `${shared.throttled} of ${shared.calls} calls throttled`);
    // The budget is a run like any other, on its own task queue, for anyone to inspect.
    const budget = await stack.client.workflow.getHandle(callBudgetWorkflowId('eu-west-1')).describe();
    assert.equal(budget.status.name, 'RUNNING');
    assert.equal(budget.taskQueue, 'lightsail-flows-call-budgets');
  });

  it("one worker of three reads Lightsail for every worker's waits: a copy costs no more operation reads than on one worker", async () => {
    const one = await copiesUnderLimit('shared', 'reader-one', 1);
    const three = await copiesUnderLimit('shared', 'reader-three');
    assert.equal(three.workersThatRanSteps, 3, 'all three workers ran steps');
    assert.equal(three.workersThatRanWaits, 1, 'one worker, the reader, took every wait');
    // The rounds' timing differs from run to run by a read or two a round; three separate
    // watchers read about a sixth more (0.92 reads a copy on one worker, 1.08 on three).
    assert.ok(
      three.operationReads <= one.operationReads * 1.05,
      `three workers: ${three.operationReads} operation reads for ${COPIES} copies; one worker: ${one.operationReads}`,
    );
    // The lease is a run like the budgets, on their task queue.
    const lease = await stack.client.workflow
      .getHandle(waitReaderLeaseWorkflowId(three.taskQueue))
      .describe();
    assert.equal(lease.status.name, 'RUNNING');
    assert.equal(lease.taskQueue, 'lightsail-flows-call-budgets');
  });

  it('three workers each pacing on its own (LIGHTSAIL_CALL_BUDGET=process) are throttled under the same load', async () => {
    const alone = await copiesUnderLimit('process', 'budget-process');
    assert.ok(alone.throttled > 0, `${alone.throttled} of ${alone.calls} calls throttled`);
  });
});

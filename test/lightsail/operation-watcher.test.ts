import assert from 'node:assert/strict';
import { CopySnapshotCommand, GetOperationCommand } from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import { LOCAL_EMULATOR_CREDENTIALS } from '../../src/config';
import { LightsailClients } from '../../src/lightsail/clients';
import { OperationWatcher, type WatchSchedule } from '../../src/lightsail/operation-watcher';
import { operationRefs, OPERATION_FAILED, type OperationRef } from '../../src/lightsail/operations';
import { useEmulator } from '../emulator/harness';
import { createInstanceSnapshot } from '../support/fixtures';

const SOURCE = 'us-east-1';
const TARGET = 'eu-west-1';
/** A cross-region copy (300 AWS seconds) takes one second at this scale. */
const TIME_SCALE = 300;
const POLLS = ['GetOperation', 'GetOperations'];
/** A round at most every 100 ms: about ten rounds a region while a one-second copy runs. */
const SHARED_SCHEDULE: WatchSchedule = {
  initialIntervalMs: 200,
  maximumIntervalMs: 1000,
  backoffCoefficient: 1.5,
};

describe('OperationWatcher against the emulator', () => {
  const emulator = useEmulator({ timeScale: TIME_SCALE });
  let clients: LightsailClients;
  let sourceSnapshot: string;

  beforeEach(async () => {
    clients = new LightsailClients({
      endpoint: emulator.running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      sdkMaxAttempts: 1,
    });
    await emulator.control.setTimeScale(30_000);
    sourceSnapshot = (await createInstanceSnapshot(clients, SOURCE, 'watch')).snapshotName;
    await emulator.control.setTimeScale(TIME_SCALE);
  });
  afterEach(() => clients.destroy());

  async function startCopies(count: number): Promise<OperationRef[][]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const out = await clients.forRegion(TARGET).send(
          new CopySnapshotCommand({
            sourceRegion: SOURCE,
            sourceSnapshotName: sourceSnapshot,
            targetSnapshotName: `${sourceSnapshot}-copy-${i}`,
          }),
        );
        return operationRefs(out.operations, TARGET);
      }),
    );
  }

  /** Starts `count` copies, then waits on all of them with one watcher; returns the polls it made. */
  async function watchCopies(count: number) {
    const copies = await startCopies(count);
    await emulator.control.clearAudit();
    const watcher = new OperationWatcher(clients);
    await Promise.all(copies.map((refs) => watcher.watch(refs, SHARED_SCHEDULE)));
    const polls = (await emulator.control.audit()).filter((c) => POLLS.includes(c.action));
    return { copies, polls };
  }

  it('answers 40 concurrent waits on cross-region copies with fewer polls than there are waits', async () => {
    const { copies, polls } = await watchCopies(40);

    // Every operation of every copy, in both regions, had succeeded when its wait ended.
    for (const ref of copies.flat()) {
      const out = await clients.forRegion(ref.region).send(new GetOperationCommand({ operationId: ref.id }));
      assert.equal(out.operation?.status, 'Succeeded', `${ref.operationType} ${ref.id} in ${ref.region}`);
    }
    assert.ok(polls.length > 0, 'the watcher asked Lightsail');
    // 80 operations in two regions, read a page at a time: separate loops would ask 80 times a round.
    assert.ok(polls.length < copies.length, `${polls.length} polls for ${copies.length} waits`);
    assert.equal(
      polls.filter((c) => c.action === 'GetOperation').length,
      0,
      'no operation was read one by one',
    );
  });

  it("rejects the wait whose copy fails with Lightsail's errorCode, while the other waits still end", async () => {
    await emulator.control.setFaults([
      {
        actions: ['CopySnapshot'],
        count: 1,
        operationFailure: { errorCode: 'InternalError', errorDetails: 'the copy broke' },
      },
    ]);
    const [failing, ...others] = await startCopies(5);
    const watcher = new OperationWatcher(clients);
    const schedule: WatchSchedule = { initialIntervalMs: 100, maximumIntervalMs: 500, backoffCoefficient: 2 };

    const [failed, ...rest] = await Promise.allSettled(
      [failing!, ...others].map((r) => watcher.watch(r, schedule)),
    );

    assert.equal(failed!.status, 'rejected');
    const failure = (failed as PromiseRejectedResult).reason as ApplicationFailure;
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, OPERATION_FAILED);
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /InternalError: the copy broke/);
    assert.deepEqual(
      rest.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
  });

  it('stops waiting, and stops asking, when the wait is cancelled', async () => {
    const [refs] = await startCopies(1);
    const watcher = new OperationWatcher(clients);
    const controller = new AbortController();
    const schedule: WatchSchedule = { initialIntervalMs: 20, maximumIntervalMs: 20, backoffCoefficient: 1 };
    const waiting = watcher.watch(refs!, schedule, controller.signal);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort(new Error('run cancelled'));

    await assert.rejects(waiting, /run cancelled/);
    await emulator.control.clearAudit();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await emulator.control.audit()).filter((c) => POLLS.includes(c.action)).length, 0);
  });

  it('reads each operation by id, and still notices every copy, when GetOperations lists oldest first as the reference words it', async () => {
    emulator.running.emulator.operationsOrder = 'oldest-first';
    try {
      const { copies, polls } = await watchCopies(40);
      // One GetOperations a region shows the order; from then on each operation is read by id.
      assert.equal(polls.filter((c) => c.action === 'GetOperations').length, 2);
      assert.ok(polls.filter((c) => c.action === 'GetOperation').length >= copies.length * 2);
    } finally {
      emulator.running.emulator.operationsOrder = 'newest-first';
    }
  });

  it('reads each operation by id when GetOperations is refused (a policy that allows only GetOperation)', async () => {
    await emulator.control.setFaults([{ actions: ['GetOperations'], errors: ['AccessDeniedException'] }]);
    try {
      const copies = await startCopies(5);
      const schedule: WatchSchedule = {
        initialIntervalMs: 100,
        maximumIntervalMs: 500,
        backoffCoefficient: 2,
      };
      const watcher = new OperationWatcher(clients);
      await Promise.all(copies.map((refs) => watcher.watch(refs, schedule)));
      const refused = await emulator.control.audit({ action: 'GetOperations' });
      assert.equal(refused.length, 2, 'asked once in each region, then never again');
      assert.ok(refused.every((c) => c.error === 'AccessDeniedException'));
    } finally {
      await emulator.control.clearFaults();
    }
  });

  it('fails only the wait on an operation Lightsail does not know, after a few rounds, while the others in the region end', async () => {
    const copies = await startCopies(2);
    const watcher = new OperationWatcher(clients);
    const schedule: WatchSchedule = { initialIntervalMs: 20, maximumIntervalMs: 20, backoffCoefficient: 1 };
    const unknown: OperationRef = { id: 'no-such-operation', region: TARGET };
    const [lost, ...rest] = await Promise.allSettled([
      watcher.watch([unknown], schedule),
      ...copies.map((refs) => watcher.watch(refs, schedule)),
    ]);
    assert.equal(lost.status, 'rejected');
    const failure = lost.reason as ApplicationFailure;
    assert.equal(failure.type, 'NotFoundException');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /no-such-operation/);
    assert.deepEqual(
      rest.map((r) => r.status),
      ['fulfilled', 'fulfilled'],
    );
  });

  it('returns at once, asking nothing, when the action answered its operations as already succeeded', async () => {
    await emulator.control.clearAudit();
    const done: OperationRef = { id: 'op-1', region: TARGET, status: 'Succeeded' };
    await new OperationWatcher(clients).watch([done], {
      initialIntervalMs: 10,
      maximumIntervalMs: 10,
      backoffCoefficient: 1,
    });
    assert.equal((await emulator.control.audit()).length, 0);
  });
});

describe('OperationWatcher on a paced region', () => {
  // Two operations a page: 20 waits take a round of about ten GetOperations pages.
  const emulator = useEmulator({ timeScale: 10, pageSize: 2 });
  const RATE = 20;
  const PAGES_PER_ROUND = 10;
  let clients: LightsailClients;
  let copies: OperationRef[][];

  beforeEach(async () => {
    clients = new LightsailClients({
      endpoint: emulator.running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      sdkMaxAttempts: 1,
      callsPerSecond: RATE,
    });
    await emulator.control.setTimeScale(30_000);
    const { snapshotName } = await createInstanceSnapshot(clients, SOURCE, 'paced');
    // A copy takes 30 s at this scale: every wait lasts the whole test.
    await emulator.control.setTimeScale(10);
    copies = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const out = await clients.forRegion(TARGET).send(
          new CopySnapshotCommand({
            sourceRegion: SOURCE,
            sourceSnapshotName: snapshotName,
            targetSnapshotName: `${snapshotName}-copy-${i}`,
          }),
        );
        return operationRefs(out.operations, TARGET).filter((ref) => ref.region === TARGET);
      }),
    );
    await emulator.control.clearAudit();
  });
  afterEach(() => clients.destroy());

  /** Watches `waits` for `seconds`, then cancels them; returns the reads Lightsail answered. */
  async function readsWhileWatching(
    waits: OperationRef[][],
    schedule: WatchSchedule,
    seconds: number,
    waitedMs = 0,
  ): Promise<{ pages: number; byId: number }> {
    const watcher = new OperationWatcher(clients);
    const controller = new AbortController();
    const watching = waits.map((refs) =>
      watcher.watch(refs, schedule, controller.signal, waitedMs).catch(() => undefined),
    );
    await new Promise((r) => setTimeout(r, seconds * 1000));
    controller.abort(new Error('test over'));
    await Promise.all(watching);
    const audit = await emulator.control.audit();
    return {
      pages: audit.filter((c) => c.action === 'GetOperations').length,
      byId: audit.filter((c) => c.action === 'GetOperation').length,
    };
  }

  it("takes at most half the region's call rate, however many pages a round reads, leaving the rest to the runs' own calls", async () => {
    // Eager schedules: on their own, the rounds would follow each other as fast as the pace allows.
    const eager: WatchSchedule = { initialIntervalMs: 100, maximumIntervalMs: 100, backoffCoefficient: 1 };
    const seconds = 3;
    const { pages } = await readsWhileWatching(copies, eager, seconds);
    assert.ok(pages >= PAGES_PER_ROUND, `${pages} pages read: not even one round`);
    // Half of 20 calls a second for 3 s, and the round under way when the test ended.
    assert.ok(
      pages <= 0.5 * RATE * seconds + PAGES_PER_ROUND,
      `${pages} pages in ${seconds} s at ${RATE} calls/s`,
    );
  });

  it('reads at an eighth of the rate once the waits have grown their intervals, each wait handed over again going on at its grown interval', async () => {
    // Five waits on each copy: 100 waits, 10 pages a round. They were handed over again after ten
    // minutes, each at its 10 s maximum, so a round every 5 s would do; an eighth of 20 calls a
    // second pays for a round of 10 pages in 4 s. Half the rate, or the waits back at their first
    // interval, would read a round a second.
    const growing: WatchSchedule = {
      initialIntervalMs: 100,
      maximumIntervalMs: 10_000,
      backoffCoefficient: 1.5,
    };
    const waits = copies.flatMap((refs) => Array.from({ length: 5 }, () => refs));
    const seconds = 6;
    const { pages } = await readsWhileWatching(waits, growing, seconds, 10 * 60_000);
    assert.ok(pages >= PAGES_PER_ROUND, `${pages} pages read: not even one round`);
    // The round at the start and the one 4 s later (before: about 60).
    assert.ok(pages <= 2 * PAGES_PER_ROUND + 2, `${pages} pages in ${seconds} s`);
  });

  it('a lone wait handed over again after a minute asks at its grown interval, not its first', async () => {
    const growing: WatchSchedule = {
      initialIntervalMs: 100,
      maximumIntervalMs: 2_000,
      backoffCoefficient: 1.5,
    };
    const { byId } = await readsWhileWatching(copies.slice(0, 1), growing, 3, 60_000);
    // At once, then 2 s later; from its first interval it asks at 0.1, 0.25, 0.48, 0.81, 1.3, 2.1 s...
    assert.ok(byId >= 1 && byId <= 2, `${byId} reads in 3 s`);
  });
});

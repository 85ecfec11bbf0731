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

  it("takes at most half the region's call rate, however many pages a round reads, leaving the rest to the runs' own calls", async () => {
    const clients = new LightsailClients({
      endpoint: emulator.running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      sdkMaxAttempts: 1,
      callsPerSecond: RATE,
    });
    try {
      await emulator.control.setTimeScale(30_000);
      const { snapshotName } = await createInstanceSnapshot(clients, SOURCE, 'paced');
      // A copy takes 30 s at this scale: every wait lasts the whole test.
      await emulator.control.setTimeScale(10);
      const copies = await Promise.all(
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
      const watcher = new OperationWatcher(clients);
      const controller = new AbortController();
      // Eager schedules: on their own, the rounds would follow each other as fast as the pace allows.
      const eager: WatchSchedule = { initialIntervalMs: 100, maximumIntervalMs: 100, backoffCoefficient: 1 };
      const waits = copies.map((refs) =>
        watcher.watch(refs, eager, controller.signal).catch(() => undefined),
      );
      const seconds = 3;
      await new Promise((r) => setTimeout(r, seconds * 1000));
      controller.abort(new Error('test over'));
      await Promise.all(waits);

      const pages = (await emulator.control.audit()).filter((c) => c.action === 'GetOperations').length;
      const pagesPerRound = 10;
      assert.ok(pages >= pagesPerRound, `${pages} pages read: not even one round`);
      // Half of 20 calls a second for 3 s, and the round under way when the test ended.
      assert.ok(
        pages <= 0.5 * RATE * seconds + pagesPerRound,
        `${pages} pages in ${seconds} s at ${RATE} calls/s`,
      );
    } finally {
      clients.destroy();
    }
  });
});

import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startTemporalDevServer, type DevServer } from '../../src/dev/temporal-dev-server';
import {
  COPY_SNAPSHOT_WORKFLOW,
  type CopySnapshotInput,
  type CopySnapshotResult,
} from '../../src/schemas/copy-snapshot';
import { createInstanceSnapshot, waitUntil } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { stackCliEnv, TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';
import { workerProcesses } from '../support/worker-process';

/**
 * Waits on operations complete asynchronously (src/temporal/async-waits.ts): they hold no
 * activity slot, and a wait held by a worker that dies, or whose answer finds the server down,
 * still ends.
 */
describe('asynchronous waits on the dev server against the emulator', function () {
  this.timeout(240_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  afterEach(() => stack.control.setTimeScale(TEST_TIME_SCALE));

  const copyInput = (snapshotName: string, poll = TEST_POLL): CopySnapshotInput => ({
    sourceRegion: 'us-east-1',
    targetRegions: ['eu-west-1'],
    source: { type: 'manual', snapshotName },
    poll,
  });

  const startCopy = (client: Client, taskQueue: string, snapshotName: string, poll = TEST_POLL) =>
    client.workflow.start(COPY_SNAPSHOT_WORKFLOW, {
      taskQueue,
      workflowId: `test-async-wait-${randomUUID()}`,
      args: [copyInput(snapshotName, poll)],
    });

  /** CopySnapshot calls made from these sources. */
  async function copiesOf(sources: string[]): Promise<number> {
    const calls = await stack.control.audit({ action: 'CopySnapshot' });
    return calls.filter((c) =>
      sources.includes((c.params as { sourceSnapshotName?: string }).sourceSnapshotName ?? ''),
    ).length;
  }

  /** Runs whose pending activity is their wait on operations (`started`: taken by a worker). */
  async function waitingOn(
    runs: { describe(): Promise<WorkflowExecutionDescription> }[],
    started = false,
  ): Promise<number> {
    const described = await Promise.all(runs.map((r) => r.describe()));
    return described.filter((d) =>
      (d.raw.pendingActivities ?? []).some(
        (a) =>
          a.activityType?.name === 'awaitOperations' &&
          (!started || a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED),
      ),
    ).length;
  }

  async function snapshots(count: number, prefix: string): Promise<string[]> {
    const made = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        createInstanceSnapshot(stack.clients, 'us-east-1', `${prefix}-${i}`),
      ),
    );
    return made.map((m) => m.snapshotName);
  }

  it('runs waiting on operations hold no activity slot: twelve copies wait on a worker of ten slots while a thirteenth starts and copies', async () => {
    const [waitedSource, lateSource] = await snapshots(2, 'slots');
    const workers = workerProcesses(
      { ...stackCliEnv(stack), LIGHTSAIL_FLOWS_MAX_CONCURRENT_ACTIVITIES: '10' },
      'async-slots',
    );
    const worker = await workers.start();
    try {
      await stack.control.setTimeScale(1); // a cross-region copy now takes five minutes
      // Twelve runs copy one source, each to a name of its own.
      const waiting = await Promise.all(
        Array.from({ length: 12 }, () => startCopy(stack.client, workers.taskQueue, waitedSource!)),
      );
      // With a slot held by each wait, the eleventh copy could not even start copying.
      await waitUntil(
        'twelve copies waiting',
        async () => ((await waitingOn(waiting)) === 12 ? true : undefined),
        90_000,
      );
      const late = await startCopy(stack.client, workers.taskQueue, lateSource!);
      await waitUntil(
        'the thirteenth copy copying',
        async () => ((await copiesOf([lateSource!])) === 1 ? true : undefined),
        30_000,
      );

      await stack.control.setTimeScale(TEST_TIME_SCALE);
      for (const run of [...waiting, late]) await run.result();
      assert.equal(await copiesOf([waitedSource!, lateSource!]), 13, 'one CopySnapshot a run');
    } finally {
      await workers.kill(worker);
    }
  });

  it('a worker SIGKILLed while it holds waits: another worker takes them over after the lease, and each copy completes with one CopySnapshot', async () => {
    const sources = await snapshots(3, 'lease');
    const workers = workerProcesses(stackCliEnv(stack), 'async-lease');
    const first = await workers.start();
    let second;
    try {
      await stack.control.setTimeScale(1);
      const runs = await Promise.all(sources.map((s) => startCopy(stack.client, workers.taskQueue, s)));
      await waitUntil('three copies waiting', async () => ((await waitingOn(runs)) === 3 ? true : undefined));
      await workers.kill(first);
      // The operations end while no worker runs: only a lease taken over can notice.
      await stack.control.setTimeScale(TEST_TIME_SCALE);
      second = await workers.start();
      const killedAt = Date.now();
      for (const run of runs) await run.result();
      // The lease under the tests' poll schedule is 10 s; the retry follows at once.
      assert.ok(Date.now() - killedAt < 60_000, `taken over in ${Date.now() - killedAt} ms`);
      assert.equal(await copiesOf(sources), 3, 'one CopySnapshot a run');
    } finally {
      if (second) await workers.kill(second);
    }
  });

  it('a worker stopped with SIGTERM hands its waits back: another worker completes them long before their lease ends', async () => {
    const sources = await snapshots(2, 'hand-back');
    const workers = workerProcesses(stackCliEnv(stack), 'async-hand-back');
    const first = await workers.start();
    let second;
    try {
      await stack.control.setTimeScale(1);
      // Intervals up to 4 s: a lease of 60 s (fifteen of them), against a hand-back in about one.
      const poll = { ...TEST_POLL, maximumIntervalSeconds: 4 };
      const runs = await Promise.all(sources.map((s) => startCopy(stack.client, workers.taskQueue, s, poll)));
      await waitUntil('two copies waiting', async () => ((await waitingOn(runs)) === 2 ? true : undefined));
      second = await workers.start(); // held by the first worker: the second takes them only when given
      const stoppedAt = Date.now();
      await workers.stop(first);
      assert.match(first.output().stderr, /Handed 2 waits back to Temporal/);
      await stack.control.setTimeScale(TEST_TIME_SCALE);
      for (const run of runs) await run.result();
      const tookMs = Date.now() - stoppedAt;
      assert.ok(tookMs < 25_000, `taken over in ${tookMs} ms, not after the 60 s lease`);
      assert.equal(await copiesOf(sources), 2, 'one CopySnapshot a run');
    } finally {
      if (second) await workers.kill(second);
    }
  });

  it('with the shared budget, the reader stopped with SIGTERM hands its waits back and the other worker reads them', async () => {
    const sources = await snapshots(2, 'reader-stop');
    // Paced with the shared budget (the default against AWS): one worker reads for both.
    const workers = workerProcesses(
      { ...stackCliEnv(stack), LIGHTSAIL_CALLS_PER_SECOND: '50' },
      'reader-stop',
    );
    const first = await workers.start();
    const second = await workers.start();
    const reading = /Reading Lightsail for the waits/;
    try {
      await waitUntil('the first worker reading', () =>
        Promise.resolve(reading.test(first.output().stderr) || undefined),
      );
      await stack.control.setTimeScale(1);
      const runs = await Promise.all(sources.map((s) => startCopy(stack.client, workers.taskQueue, s)));
      // Started, so held by the reader: a wait still in the queue is not the reader's to hand back.
      await waitUntil('two copies waiting', async () =>
        (await waitingOn(runs, true)) === 2 ? true : undefined,
      );
      assert.doesNotMatch(second.output().stderr, reading, 'the second worker reads too');
      await workers.stop(first);
      assert.match(first.output().stderr, /Handed 2 waits back to Temporal/);
      await stack.control.setTimeScale(TEST_TIME_SCALE);
      for (const run of runs) await run.result();
      assert.match(second.output().stderr, reading);
      assert.equal(await copiesOf(sources), 2, 'one CopySnapshot a run');
    } finally {
      await workers.kill(second);
      if (first.child.exitCode === null && first.child.signalCode === null) await workers.kill(first);
    }
  });

  it('a wait whose operation ends while the dev server is down completes once the server is back', async () => {
    const [source] = await snapshots(1, 'restart');
    const port = await freePort();
    const dbFilename = join(mkdtempSync(join(tmpdir(), 'async-restart-')), 'temporal.db');
    let server: DevServer | undefined = await startTemporalDevServer({
      port,
      dbFilename,
      log: () => undefined,
    });
    const address = `127.0.0.1:${port}`;
    const workers = workerProcesses(
      { ...stackCliEnv(stack), TEMPORAL_ADDRESS: address, LIGHTSAIL_FLOWS_CODEC_KEYS: '' },
      'async-restart',
    );
    const worker = await workers.start();
    let connection: Connection | undefined;
    try {
      await stack.control.setTimeScale(1);
      const before = new Client({ connection: server.env.connection });
      const run = await startCopy(before, workers.taskQueue, source!);
      await waitUntil('the copy waiting', async () => ((await waitingOn([run])) === 1 ? true : undefined));

      await server.env.teardown();
      server = undefined;
      await stack.control.setTimeScale(TEST_TIME_SCALE); // the copy ends while the server is down
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      server = await startTemporalDevServer({ port, dbFilename, log: () => undefined });

      connection = await Connection.connect({ address });
      const after = new Client({ connection });
      const result = (await after.workflow.getHandle(run.workflowId).result()) as CopySnapshotResult;
      assert.equal(result.copies.length, 1, 'the copy completed');
      assert.equal(await copiesOf([source!]), 1, 'one CopySnapshot');
    } finally {
      await workers.kill(worker);
      await connection?.close();
      await server?.env.teardown();
    }
  });
});

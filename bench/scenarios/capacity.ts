import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { builtImage } from '../../test/support/built-image';
import { sampleProcess } from '../process-sampler';
import { arrangeSnapshots, productionPoll, startCopy, TARGET, type BenchStack } from '../stack';
import { round } from '../stats';
import type { WorkerHeap } from '../../src/temporal/worker-heap';

export interface CapacityOptions {
  runs: number;
  /** How long to sample each side once all its runs wait. */
  seconds: number;
  /**
   * How long after all runs wait the samples begin (5 s when not given). The waits begin at
   * their first interval; a poll schedule reaches its longest (60 s) about 100 s after.
   */
  settleSeconds?: number;
  /**
   * The worker's LIGHTSAIL_CALLS_PER_SECOND, in real seconds (the clock is slowed only so that no
   * copy ends): paced as against AWS, where the worker paces by default. Unpaced when not given.
   */
  callsPerSecond?: number;
  /** The worker's LIGHTSAIL_FLOWS_WORKER_HEAP. */
  workerHeap: WorkerHeap;
  /** Measure only the worker with a capped cache (a large `runs` takes half an hour a worker). */
  cappedOnly?: boolean;
}

/**
 * Slow enough that no copy completes while the runs are started and sampled: a copy takes 20
 * minutes up to 2,000 runs, longer beyond (the starts take about a fifth of a second a run).
 */
function waitingScale(runs: number): number {
  return Math.min(0.25, 500 / runs);
}
const ROOT = join(__dirname, '..', '..');
const settleMs = (o: CapacityOptions) => (o.settleSeconds ?? 5) * 1000;
const STARTS_AT_ONCE = 100;
/** The second worker's cache: runs beyond it are evicted and replayed when their wait ends. */
const CAPPED_CACHE = 50;

/**
 * Scenario 3: `runs` copies waiting at once. The worker runs as its own process (the
 * `lightsail-flows worker` command) so its resident memory and CPU are its own; the plain
 * script's loops run in a process of their own too and are read the same way.
 */
export async function capacity(stack: BenchStack, o: CapacityOptions) {
  const [snapshotName] = await arrangeSnapshots(stack, 1, 'cap');
  await stack.control.setTimeScale(waitingScale(o.runs));
  const project = o.cappedOnly ? undefined : await measureWorker(stack, snapshotName!, o);
  const projectCapped = await measureWorker(stack, snapshotName!, o, CAPPED_CACHE);

  await stack.control.clearAudit();
  const script = spawn(
    process.execPath,
    [
      '-r',
      'tsx/cjs',
      join(ROOT, 'bench', 'capacity-baseline-process.ts'),
      stack.emulator.url,
      snapshotName!,
      String(o.runs),
      // The script's 5 s, unscaled like the worker's poll schedule.
      '1',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let baseline;
  try {
    await lineFrom(script, 'stdout', /^waiting/);
    await sleep(settleMs(o));
    baseline = { waiting: await sampleWaiting(stack, script.pid!, o.seconds) };
  } finally {
    await stop(script);
  }
  return {
    runs: o.runs,
    seconds: o.seconds,
    settleSeconds: settleMs(o) / 1000,
    callsPerSecond: o.callsPerSecond,
    project,
    projectCapped,
    cappedCache: CAPPED_CACHE,
    baseline,
  };
}

/**
 * Starts a worker process as the image does (the build of `npm run build`: no bundling at start,
 * no TypeScript compiler in memory), samples it idle, starts the runs and samples it once all of them
 * wait. `maxCachedWorkflows` caps the runs it keeps in memory (LIGHTSAIL_FLOWS_MAX_CACHED_WORKFLOWS).
 */
async function measureWorker(
  stack: BenchStack,
  snapshotName: string,
  o: CapacityOptions,
  maxCachedWorkflows?: number,
) {
  const taskQueue = `bench-capacity-${Date.now()}`;
  const image = await builtImage();
  const worker = spawn(process.execPath, [join(image.root, 'bin', 'lightsail-flows.cjs'), 'worker'], {
    cwd: image.root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: stack.env.address,
      TEMPORAL_NAMESPACE: 'default',
      LIGHTSAIL_ENDPOINT: stack.emulator.url,
      LIGHTSAIL_FLOWS_TASK_QUEUE: taskQueue,
      LIGHTSAIL_FLOWS_WORKER_HEAP: o.workerHeap,
      // As the image sets it (Dockerfile).
      MALLOC_ARENA_MAX: '2',
      ...(o.callsPerSecond ? { LIGHTSAIL_CALLS_PER_SECOND: String(o.callsPerSecond) } : {}),
      ...(maxCachedWorkflows ? { LIGHTSAIL_FLOWS_MAX_CACHED_WORKFLOWS: String(maxCachedWorkflows) } : {}),
      // No dev codec key: the bench's client reads plain payloads.
      LIGHTSAIL_FLOWS_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-capacity-')),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The worker's last lines, to say why if it exits before the runs all wait.
  let tail = '';
  let exited: string | undefined;
  worker.once('exit', (code, signal) => (exited = `the worker exited (${signal ?? code}):\n${tail}`));
  try {
    await lineFrom(worker, 'stderr', /Worker polling/);
    worker.stderr.on('data', (chunk: string) => (tail = (tail + chunk).slice(-4000)));
    const idle = await sampleProcess(worker.pid!, 5);
    await stack.control.clearAudit();
    const poll = productionPoll(1);
    const ids = Array.from({ length: o.runs }, (_, i) => `${taskQueue}-${i}`);
    const startedAt = performance.now();
    for (let i = 0; i < ids.length; i += STARTS_AT_ONCE) {
      await Promise.all(
        ids.slice(i, i + STARTS_AT_ONCE).map((workflowId, j) =>
          startCopy(stack, {
            taskQueue,
            workflowId,
            snapshotName,
            targetSnapshotName: `${taskQueue}-${i + j}`,
            poll,
          }),
        ),
      );
    }
    await until(
      async () => {
        if (exited) throw new Error(`capacity: ${exited}`);
        return (await copiesAsked(stack)) >= o.runs;
      },
      // At the documented rate a run takes about a fifth of a second to start waiting.
      600_000 + o.runs * 300,
    );
    const allWaitingAfterSeconds = round((performance.now() - startedAt) / 1000, 1);
    await sleep(settleMs(o));
    const waiting = await sampleWaiting(stack, worker.pid!, o.seconds);
    // A run started while all the others wait: how soon its first workflow task is done.
    const late = await startCopy(stack, { taskQueue, workflowId: `${taskQueue}-late`, snapshotName, poll });
    const newRunFirstStepSeconds = await firstStepSeconds(late);
    return { idle, allWaitingAfterSeconds, waiting, newRunFirstStepSeconds };
  } finally {
    await stop(worker);
  }
}

export type CapacityResult = Awaited<ReturnType<typeof capacity>>;

/** From a run's start to its first workflow task completed (its first step asked for), server clock. */
async function firstStepSeconds(run: WorkflowHandle): Promise<number> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    const { events } = await run.fetchHistory();
    const started = events?.[0]?.eventTime;
    const done = events?.find((e) => e.workflowTaskCompletedEventAttributes)?.eventTime;
    if (started && done) return round(seconds(done) - seconds(started), 3);
  }
  throw new Error('capacity: a run started while the others waited took over a minute to its first step');
}

const seconds = (t: { seconds?: unknown; nanos?: number | null }) =>
  Number(t.seconds ?? 0) + (t.nanos ?? 0) / 1e9;

/**
 * Samples a process's memory and CPU while its runs wait, and counts the Lightsail calls
 * answered meanwhile: what the waits cost in reads, which is most of what the worker's CPU does.
 */
async function sampleWaiting(stack: BenchStack, pid: number, seconds: number) {
  const fromMs = Date.now();
  const sampled = await sampleProcess(pid, seconds);
  const toMs = Date.now();
  const calls = (await stack.control.audit()).filter((c) => {
    const atMs = Date.parse(c.time);
    return atMs >= fromMs && atMs < toMs;
  });
  const byAction: Record<string, number> = {};
  for (const c of calls) byAction[c.action] = (byAction[c.action] ?? 0) + 1;
  return {
    ...sampled,
    lightsailCallsPerSecond: round(calls.length / ((toMs - fromMs) / 1000), 2),
    lightsailCallsByAction: byAction,
  };
}

/** How many CopySnapshot calls the target region has answered without an error. */
async function copiesAsked(stack: BenchStack): Promise<number> {
  const calls = await stack.control.audit({ action: 'CopySnapshot', region: TARGET });
  return calls.filter((c) => !c.error).length;
}

async function until(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('capacity: the runs did not all start waiting in 10 minutes');
    await sleep(1000);
  }
}

/** Resolves at the first line of the child's stream that matches; rejects if it exits first. */
async function lineFrom(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void> {
  const source = child[stream]!;
  source.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: string) => {
      buffered += chunk;
      if (buffered.split('\n').some((line) => pattern.test(line))) {
        source.off('data', onData);
        source.resume();
        resolve();
      }
    };
    source.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before printing ${pattern}:\n${buffered}`)),
    );
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const exited = once(child, 'exit');
  const timeout = sleep(15_000).then(() => child.kill('SIGKILL'));
  await Promise.race([exited, timeout]);
}

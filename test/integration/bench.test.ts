import assert from 'node:assert/strict';
import { markdown } from '../../bench/report';
import { capacity } from '../../bench/scenarios/capacity';
import { concurrentCopies } from '../../bench/scenarios/concurrent-copies';
import { concurrentExports } from '../../bench/scenarios/concurrent-exports';
import { concurrentMigrations } from '../../bench/scenarios/concurrent-migrations';
import { concurrentReleases } from '../../bench/scenarios/concurrent-releases';
import { drOnTheCriticalPath } from '../../bench/scenarios/dr';
import { historyAgainstWait } from '../../bench/scenarios/history';
import { throughput } from '../../bench/scenarios/throughput';
import { startBenchStack, type BenchStack } from '../../bench/stack';

/** The report's frame around the sections a test renders. */
const REPORT = {
  date: '2026-12-02T00:00:00Z',
  command: 'npm run bench',
  machine: { cpus: 2, memoryGiB: 24, node: 'v20' },
  versions: { git: 'abc' },
};

/**
 * `npm run bench` at a small size, so that its scenarios keep working between benchmark runs:
 * each one runs against the real stack and reports numbers that hold together.
 */
describe('the benchmark at a small size', () => {
  let stack: BenchStack;
  before(async () => {
    stack = await startBenchStack();
  });
  after(() => stack.close());

  it('runs concurrent copies on both sides with none throttled on the paced side and every run measured', async () => {
    const r = await concurrentCopies(stack, { runs: 6, timeScale: 100, rateLimit: 20, paceShare: 0.8 });
    assert.equal(r.project.throttled, 0);
    assert.ok(r.project.ratioMedian >= 1, 'no run ends before its copy does');
    assert.ok(r.baseline.ratioMedian >= 1);
    assert.ok(r.project.pollsPerWait > 0 && r.baseline.pollsPerWait > 0);
    assert.ok(
      r.project.pollsPerWait < r.baseline.pollsPerWait,
      'the shared watcher asks less than the loops',
    );
    assert.ok(r.historyEventsMedian > 0);
    assert.deepEqual(Object.keys(r.projectStepSecondsMedian).sort(), [
      'after the last step',
      'before the first step',
      'check-source',
      'copy',
      'tag',
      'wait',
    ]);
  });

  it('measures throughput with instant operations as completed copies a second on both sides', async () => {
    const r = await throughput(stack, { runs: 5, rounds: 2 });
    assert.equal(r.projectPerSecond.length, 2);
    assert.ok(r.projectPerSecondMedian > 0 && r.baselinePerSecondMedian > 0);
  });

  it('samples the memory, CPU and Lightsail calls of a worker process and of the script process while their runs wait', async function () {
    // The worker runs from a build (about half a minute, once a test run), and three processes
    // start and stop in turn: slow on a busy machine, not wrong.
    this.timeout(600_000);
    // Six seconds of samples: the script's loops poll together every 5 s, so a shorter window can
    // fall between two of their polls.
    const r = await capacity(stack, { runs: 10, seconds: 6, settleSeconds: 1, workerHeap: 'small' });
    assert.equal(r.settleSeconds, 1, 'the samples begin when asked');
    assert.ok(r.project, 'the worker at its default cache is measured unless --capacity-capped-only');
    for (const side of [r.project.waiting, r.projectCapped.waiting, r.baseline.waiting]) {
      assert.equal(side.samples, 6);
      assert.ok(side.rssMiBMedian > 10, `resident memory ${side.rssMiBMedian} MiB`);
      assert.ok(side.cpuPercentMean >= 0);
      assert.ok(side.lightsailCallsPerSecond >= 0);
    }
    // Ten loops polling every 5 s: at least ten calls in six seconds.
    assert.ok(
      r.baseline.waiting.lightsailCallsPerSecond > 0,
      'the calls made while the script waits are counted',
    );
  });

  it('counts the same history events for a wait ten times longer, at most 25, and renders every section', async () => {
    const history = await historyAgainstWait(stack, [0.5, 5]);
    assert.equal(history[0]!.events, history[1]!.events);
    // Issue 21's budget: the events are what the server pays for, run after run (37 before the
    // copy's checks became local activities).
    assert.ok(history[0]!.events <= 25, `${history[0]!.events} events for one copy`);
    const table = markdown({
      date: '2026-12-02T00:00:00Z',
      command: 'npm run bench',
      machine: { cpus: 2, memoryGiB: 24, node: 'v20' },
      versions: { git: 'abc' },
      historyAgainstWait: history,
    });
    assert.match(table, /\*\*4\. History\*\*/);
    assert.match(table, /Command: `npm run bench`/);
  });

  it('runs concurrent migrations to completion on both sides, none throttled on the paced side, and reports their rows', async () => {
    const r = await concurrentMigrations(stack, { runs: 3, timeScale: 50, rateLimit: 20, paceShare: 0.8 });
    assert.equal(r.project.completed, 3, r.project.firstError);
    assert.equal(r.baseline.completed, 3, r.baseline.firstError);
    assert.equal(r.project.throttled, 0);
    // 120 s of snapshot, 60 s of create and 30 s of stop, from the emulator's durations.
    assert.equal(r.criticalPathAwsSeconds, 210);
    assert.ok(r.project.ratioMedian >= 1, 'no run ends before its operations do');
    assert.ok(r.baseline.ratioMedian >= 1);
    assert.ok(r.project.callsPerRun > 0 && r.baseline.callsPerRun > 0);
    assert.ok(r.project.callsPerWait > 0 && r.baseline.callsPerWait > 0);
    assert.ok(r.historyEventsMedian > 0);
    for (const step of ['snapshot', 'create', 'verify', 'cut-over', 'stop-old', 'retire']) {
      assert.ok(step in r.projectStepSecondsMedian, `step ${step} timed`);
    }
    const table = markdown({
      date: '2026-12-02T00:00:00Z',
      command: 'npm run bench -- --only migrations',
      machine: { cpus: 2, memoryGiB: 24, node: 'v20' },
      versions: { git: 'abc' },
      concurrentMigrations: r,
    });
    assert.match(table, /\*\*5\. 3 concurrent same-region resizes\*\*/);
    assert.match(table, /\| runs completed \| 3 of 3 \| 3 of 3 \| \|/);
    for (const row of [
      'wall time / critical path, median',
      'wall time / critical path, p95',
      'Lightsail calls per run',
      'Lightsail calls per wait \\(3 waits a run\\)',
      'throttled calls',
      'history events per run, median',
    ]) {
      assert.match(table, new RegExp(`\\| ${row} \\| [\\d.]+ \\|`), row);
    }
  });

  it('exports to EC2 at once on both sides, every run with its stack, none throttled on the paced side, and reports their rows', async () => {
    const r = await concurrentExports(stack, { runs: 3, timeScale: 1000, rateLimit: 20, paceShare: 0.8 });
    assert.equal(r.project.completed, 3, r.project.firstError);
    assert.equal(r.baseline.completed, 3, r.baseline.firstError);
    assert.equal(r.project.throttled, 0);
    // 7200 s of export and 900 s of stack, from the emulator's durations.
    assert.equal(r.criticalPathAwsSeconds, 8100);
    assert.ok(r.project.ratioMedian >= 1 && r.baseline.ratioMedian >= 1, 'no run ends before its waits do');
    assert.ok(r.project.callsPerWait > 0 && r.baseline.callsPerWait > 0);
    assert.equal(r.baseline.callsByAction.ExportSnapshot, 3);
    assert.equal(r.baseline.callsByAction.CreateCloudFormationStack, 3);
    for (const step of ['check', 'export', 'stack']) {
      assert.ok(step in r.projectStepSecondsMedian, `step ${step} timed`);
    }
    const table = markdown({ ...REPORT, concurrentExports: r });
    assert.match(table, /\*\*7\. 3 concurrent exports to EC2\*\*/);
    assert.match(table, /\| runs completed \| 3 of 3 \| 3 of 3 \| \|/);
    assert.match(table, /\| Lightsail calls per wait \(2 waits a run\) \| [\d.]+ \| [\d.]+ \|/);
  });

  it('releases blue-green at once on both sides, each serving its new side, none throttled on the paced side, and reports their rows', async () => {
    const r = await concurrentReleases(stack, { runs: 3, timeScale: 100, rateLimit: 20, paceShare: 0.8 });
    assert.equal(r.project.completed, 3, r.project.firstError);
    assert.equal(r.baseline.completed, 3, r.baseline.firstError);
    assert.equal(r.project.throttled, 0);
    // 180 s of deployment, 300 s of distribution update and the 60 s bake.
    assert.equal(r.criticalPathAwsSeconds, 540);
    assert.ok(r.project.ratioMedian >= 1 && r.baseline.ratioMedian >= 1, 'no run ends before its waits do');
    assert.ok(r.project.callsPerWait > 0 && r.baseline.callsPerWait > 0);
    assert.equal(r.baseline.callsByAction.CreateContainerServiceDeployment, 3);
    assert.equal(r.baseline.callsByAction.UpdateDistribution, 3);
    for (const step of ['deploy', 'verify', 'switch', 'cut-over', 'bake']) {
      assert.ok(step in r.projectStepSecondsMedian, `step ${step} timed`);
    }
    const table = markdown({ ...REPORT, concurrentReleases: r });
    assert.match(table, /\*\*8\. 3 concurrent blue-green releases\*\*/);
    assert.match(table, /\| runs completed \| 3 of 3 \| 3 of 3 \| \|/);
    assert.match(table, /\| Lightsail calls per wait \(2 waits a run\) \| [\d.]+ \| [\d.]+ \|/);
  });

  it('drills and fails over two instances at once on the critical path, every one recovered, and reports the rows', async () => {
    const r = await drOnTheCriticalPath(stack, { instances: 2, timeScale: 50 });
    assert.equal(r.drill.met, true);
    assert.equal(r.failover.failedOver, 2);
    assert.equal(r.failover.dnsEntriesMoved, 2);
    // A 60 GB restore: 60 Lightsail seconds at the emulator's 1 GB a second.
    assert.equal(r.criticalPathAwsSeconds, 60);
    assert.ok(r.drill.ratio >= 1 && r.failover.ratio >= 1, 'no run ends before its restore does');
    assert.ok(r.drill.recoveryTimeAwsMinutesMedian >= 1, `${r.drill.recoveryTimeAwsMinutesMedian} min`);
    assert.ok(r.drill.historyEvents > 0 && r.failover.historyEvents > 0);
    const table = markdown({
      date: '2026-12-02T00:00:00Z',
      command: 'npm run bench -- --only dr',
      machine: { cpus: 2, memoryGiB: 24, node: 'v20' },
      versions: { git: 'abc' },
      dr: r,
    });
    assert.match(table, /\*\*6\. Disaster recovery: a drill, then a failover, of 2 instances at once\*\*/);
    assert.match(table, /\| instances met \/ failed over \| 2 of 2 \| 2 of 2 \|/);
  });
});

import type { CapacityResult } from './scenarios/capacity';
import type { ConcurrentCopiesResult, SideSummary } from './scenarios/concurrent-copies';
import type { CriticalPathSide } from './critical-path';
import type { ConcurrentExportsResult } from './scenarios/concurrent-exports';
import type { ConcurrentMigrationsResult } from './scenarios/concurrent-migrations';
import type { ConcurrentReleasesResult } from './scenarios/concurrent-releases';
import { drSection, type DrResult } from './scenarios/dr';
import type { ThroughputResult } from './scenarios/throughput';
import { round } from './stats';
import type { WorkerHeap } from '../src/temporal/worker-heap';

export interface BenchReport {
  date: string;
  command: string;
  machine: { cpus: number; cpu?: string; memoryGiB: number; node: string };
  versions: Record<string, string>;
  /** LIGHTSAIL_FLOWS_WORKER_HEAP of the workers (absent in reports from before it existed: fast). */
  workerHeap?: WorkerHeap;
  /** `--max-cached-workflows`: the in-process workers' cache, when not the worker's default. */
  maxCachedWorkflows?: number;
  concurrentCopies?: ConcurrentCopiesResult;
  throughput?: ThroughputResult;
  capacity?: CapacityResult;
  historyAgainstWait?: { realWaitSeconds: number; events: number }[];
  concurrentMigrations?: ConcurrentMigrationsResult;
  dr?: DrResult;
  concurrentExports?: ConcurrentExportsResult;
  concurrentReleases?: ConcurrentReleasesResult;
}

const ratio = (a: number, b: number) => (b === 0 ? '' : String(round(a / b)));

/** The markdown table docs/performance.md quotes: one section per scenario that ran. */
export function markdown(r: BenchReport): string {
  const lines = [
    `Benchmark of ${r.date.slice(0, 10)}: lightsail-flows against a plain script polling every 5 s.`,
    '',
  ];
  const c = r.concurrentCopies;
  if (c) {
    const row = (label: string, f: (s: SideSummary) => number) =>
      `| ${label} | ${f(c.project)} | ${f(c.baseline)} | ${ratio(f(c.project), f(c.baseline))} |`;
    lines.push(
      `**1. ${c.runs} concurrent cross-region copies** (critical path ${c.criticalPathSeconds} s: a 300 s copy at time scale ${c.timeScale}; ` +
        `emulator limit ${c.rateLimitPerRegion} calls/s per region, worker paced at ${c.workerPacePerRegion} (${c.callBudget ?? 'process'} budget), both in Lightsail seconds)`,
      '',
      '| measure | lightsail-flows | plain script | ratio |',
      '| --- | --- | --- | --- |',
      row('wall time / critical path, median', (s) => s.ratioMedian),
      row('wall time / critical path, p95', (s) => s.ratioP95),
      row('Lightsail calls per run', (s) => s.callsPerRun),
      row('polls per wait', (s) => s.pollsPerWait),
      row('completion noticed after, mean (Lightsail s)', (s) => s.noticeDelaySecondsMean),
      row('completion noticed after, median (Lightsail s)', (s) => s.noticeDelaySecondsMedian),
      `| throttled calls | ${c.project.throttled} | ${c.baseline.throttled} | |`,
      '',
    );
  }
  const t = r.throughput;
  if (t) {
    lines.push(
      `**2. Throughput with instant operations** (${t.runsPerRound} copies at once, median of ${t.rounds} rounds, one worker)`,
      '',
      '| measure | lightsail-flows | plain script | ratio |',
      '| --- | --- | --- | --- |',
      `| completed copies per second | ${t.projectPerSecondMedian} | ${t.baselinePerSecondMedian} | ${ratio(t.projectPerSecondMedian, t.baselinePerSecondMedian)} |`,
      '',
    );
  }
  const k = r.capacity;
  if (k) {
    // With --capacity-capped-only the worker at its default cache was not measured: the ratio
    // and the idle figures are then the capped worker's.
    const measured = k.project ?? k.projectCapped;
    const p = k.project?.waiting;
    const q = k.projectCapped.waiting;
    const b = k.baseline.waiting;
    lines.push(
      `**3. Capacity: ${k.runs} runs waiting at once** (${k.seconds} one-second samples ${k.settleSeconds === undefined ? 'once all wait' : `${k.settleSeconds} s after all wait`}; ` +
        `the idle worker: ${measured.idle.rssMiBMedian} MiB; all ${k.runs} waiting ${measured.allWaitingAfterSeconds} s after the first start` +
        (k.callsPerSecond ? `; the worker paced at ${k.callsPerSecond} calls/s per region)` : ')'),
      '',
      `| measure | worker | worker, cache of ${k.cappedCache} runs | plain script | ratio (${p ? 'worker' : 'capped worker'} / script) |`,
      '| --- | --- | --- | --- | --- |',
      `| resident memory, median (MiB) | ${p?.rssMiBMedian ?? 'not run'} | ${q.rssMiBMedian} | ${b.rssMiBMedian} | ${ratio(measured.waiting.rssMiBMedian, b.rssMiBMedian)} |`,
      `| CPU over the samples (% of one core) | ${p?.cpuPercentMean ?? 'not run'} | ${q.cpuPercentMean} | ${b.cpuPercentMean} | ${ratio(measured.waiting.cpuPercentMean, b.cpuPercentMean)} |`,
      `| a run started meanwhile: seconds to its first step | ${k.project?.newRunFirstStepSeconds ?? 'not run'} | ${k.projectCapped.newRunFirstStepSeconds} | | |`,
      // Results saved before the calls were counted have no such row.
      ...(q.lightsailCallsPerSecond === undefined
        ? []
        : [
            `| Lightsail calls a second while they wait | ${p?.lightsailCallsPerSecond ?? 'not run'} | ${q.lightsailCallsPerSecond} | ${b.lightsailCallsPerSecond} | ${ratio(measured.waiting.lightsailCallsPerSecond, b.lightsailCallsPerSecond)} |`,
          ]),
      '',
    );
  }
  const h = r.historyAgainstWait;
  if (h) {
    lines.push(
      `**4. History**: events per copy${c ? ` (median over scenario 1: ${c.historyEventsMedian})` : ''}; against the length of the wait: ` +
        `${h.map((x) => `${x.realWaitSeconds} s: ${x.events} events`).join(', ')}.`,
      '',
    );
  }
  if (r.concurrentMigrations) lines.push(...migrationsSection(r.concurrentMigrations));
  if (r.dr) lines.push(...drSection(r.dr));
  if (r.concurrentExports) lines.push(...exportsSection(r.concurrentExports));
  if (r.concurrentReleases) lines.push(...releasesSection(r.concurrentReleases));
  lines.push(
    `Machine: ${r.machine.cpus} × ${r.machine.cpu ?? 'cpu'}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}. ` +
      `Versions: ${Object.entries(r.versions)
        .map(([k2, v]) => `${k2} ${v}`)
        .join(', ')}.` +
      (r.workerHeap ? ` Worker heap: ${r.workerHeap}.` : '') +
      (r.maxCachedWorkflows ? ` In-process workers' cache: ${r.maxCachedWorkflows} runs.` : ''),
    '',
    `Command: \`${r.command}\``,
    '',
  );
  return lines.join('\n');
}

/** The scenarios on the critical path with a plain-script side (5, 7 and 8) share their rows. */
interface CriticalPathScenario {
  runs: number;
  waitsPerRun: number;
  historyEventsMedian: number;
  project: CriticalPathSide;
  baseline: CriticalPathSide;
}

function criticalPathTable(m: CriticalPathScenario): string[] {
  const row = (label: string, f: (s: CriticalPathSide) => number) =>
    `| ${label} | ${f(m.project)} | ${f(m.baseline)} | ${ratio(f(m.project), f(m.baseline))} |`;
  return [
    '| measure | lightsail-flows | plain script | ratio |',
    '| --- | --- | --- | --- |',
    `| runs completed | ${m.project.completed} of ${m.runs} | ${m.baseline.completed} of ${m.runs} | |`,
    row('wall time / critical path, median', (s) => s.ratioMedian),
    row('wall time / critical path, p95', (s) => s.ratioP95),
    row('Lightsail calls per run', (s) => s.callsPerRun),
    row(`Lightsail calls per wait (${m.waitsPerRun} waits a run)`, (s) => s.callsPerWait),
    `| throttled calls | ${m.project.throttled} | ${m.baseline.throttled} | |`,
    `| history events per run, median | ${m.historyEventsMedian} | | |`,
    '',
  ];
}

/** How the emulator limited calls and the worker paced them, as each scenario's heading says it. */
function limits(m: { rateLimitPerRegion: number; workerPacePerRegion: number }): string {
  return (
    `emulator limit ${m.rateLimitPerRegion} calls/s per region, worker paced at ${m.workerPacePerRegion}, ` +
    'both in Lightsail seconds'
  );
}

function migrationsSection(m: ConcurrentMigrationsResult): string[] {
  return [
    `**5. ${m.runs} concurrent same-region resizes** (small_3_0 to medium_3_0 with a static IP each, over ${m.regions} region(s); ` +
      `critical path ${m.criticalPathSeconds} s: ${m.criticalPathAwsSeconds} s of instance snapshot, create and stop at time scale ${m.timeScale}; ` +
      `${limits(m)})`,
    '',
    ...criticalPathTable(m),
  ];
}

function exportsSection(e: ConcurrentExportsResult): string[] {
  return [
    `**7. ${e.runs} concurrent exports to EC2** (instance snapshots in one region, each to a t3.micro; ` +
      `critical path ${round(e.criticalPathSeconds)} s: ${e.criticalPathAwsSeconds} s of export and CloudFormation stack at time scale ${e.timeScale}; ` +
      `${limits(e)})`,
    '',
    ...criticalPathTable(e),
  ];
}

function releasesSection(b: ConcurrentReleasesResult): string[] {
  return [
    `**8. ${b.runs} concurrent blue-green releases** (each on its own two container services behind its own distribution; ` +
      `critical path ${round(b.criticalPathSeconds)} s: ${b.criticalPathAwsSeconds} s of deployment, distribution update and a ${b.bakeAwsSeconds} s bake at time scale ${b.timeScale}; ` +
      `${limits(b)})`,
    '',
    ...criticalPathTable(b),
  ];
}

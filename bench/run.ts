/**
 * `npm run bench`: this project against the plain script a user would otherwise write, on the
 * local stack (see bench/README.md for what each number means). Writes bench/results/latest.json
 * and latest.md with the machine, the versions and the command.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Command, Option } from 'commander';
import { TEMPORAL_CLI_VERSION } from '../src/dev/temporal-cli';
import { markdown, type BenchReport } from './report';
import { capacity } from './scenarios/capacity';
import { concurrentCopies } from './scenarios/concurrent-copies';
import { concurrentExports } from './scenarios/concurrent-exports';
import { concurrentMigrations } from './scenarios/concurrent-migrations';
import { concurrentReleases } from './scenarios/concurrent-releases';
import { drOnTheCriticalPath } from './scenarios/dr';
import { historyAgainstWait } from './scenarios/history';
import { throughput } from './scenarios/throughput';
import { startBenchStack } from './stack';
import { configureWorkerHeap, WORKER_HEAPS, type WorkerHeap } from '../src/temporal/worker-heap';

const SCENARIOS = [
  'copies',
  'throughput',
  'capacity',
  'history',
  'migrations',
  'dr',
  'exports',
  'releases',
] as const;
const number = (v: string) => Number(v);

const program = new Command('bench')
  .option('--runs <n>', 'scenario 1: concurrent cross-region copies', number, 200)
  .option(
    '--time-scale <n>',
    'scenarios 1, 5, 6 and 8: emulator speed-up (a 300 s copy takes 300/n s)',
    number,
    5,
  )
  .option(
    '--rate-limit <n>',
    'scenarios 1, 5, 7 and 8: documented Lightsail calls a second per region',
    number,
    20,
  )
  .option(
    '--call-budget <kind>',
    "scenario 1: the worker's pacing, shared (one budget per region for all workers) or process",
    'shared',
  )
  .addOption(
    new Option(
      '--worker-heap <heap>',
      "the workers' V8 heaps, as LIGHTSAIL_FLOWS_WORKER_HEAP sets them (small: favour memory; fast: V8's defaults)",
    )
      .choices(WORKER_HEAPS)
      .default('small'),
  )
  .option(
    '--max-cached-workflows <n>',
    "scenarios 1, 2 and 5 to 8: the in-process workers' cache (LIGHTSAIL_FLOWS_MAX_CACHED_WORKFLOWS; default: the worker's)",
    number,
  )
  .option('--pace <share>', "scenarios 1, 5, 7 and 8: the worker's pace as a share of the limit", number, 0.8)
  .option('--throughput-runs <n>', 'scenario 2: copies at once per round', number, 200)
  .option('--throughput-rounds <n>', 'scenario 2: rounds (the median is reported)', number, 3)
  .option('--capacity-runs <n>', 'scenario 3: runs waiting at once', number, 2000)
  .option('--capacity-seconds <n>', 'scenario 3: seconds of samples per side', number, 30)
  .option(
    '--capacity-settle-seconds <n>',
    "scenario 3: seconds between all runs waiting and the samples (120: the waits' schedules at their longest)",
    number,
    5,
  )
  .option(
    '--capacity-calls-per-second <n>',
    "scenario 3: the worker's LIGHTSAIL_CALLS_PER_SECOND, in real seconds (0: unpaced)",
    number,
    16,
  )
  .option('--capacity-capped-only', 'scenario 3: measure only the worker with a cache of 50 runs', false)
  .option('--migration-runs <n>', 'scenario 5: concurrent same-region resizes (at most 75)', number, 20)
  .option(
    '--dr-instances <n>',
    'scenario 6: instances drilled and failed over at once (at most 5)',
    number,
    5,
  )
  .option('--export-runs <n>', 'scenario 7: concurrent exports to EC2', number, 20)
  .option(
    '--export-time-scale <n>',
    'scenario 7: emulator speed-up for exports (an export and its stack take 8100/n s)',
    number,
    60,
  )
  .option('--release-runs <n>', 'scenario 8: concurrent blue-green releases', number, 5)
  .addOption(
    new Option('--only <scenarios...>', 'run only these scenarios (the report says which ran)').choices(
      SCENARIOS,
    ),
  )
  .parse();
const opts = program.opts<{
  runs: number;
  timeScale: number;
  rateLimit: number;
  pace: number;
  callBudget: 'shared' | 'process';
  workerHeap: WorkerHeap;
  maxCachedWorkflows?: number;
  throughputRuns: number;
  throughputRounds: number;
  capacityRuns: number;
  capacitySeconds: number;
  capacitySettleSeconds: number;
  capacityCallsPerSecond: number;
  capacityCappedOnly: boolean;
  migrationRuns: number;
  drInstances: number;
  exportRuns: number;
  exportTimeScale: number;
  releaseRuns: number;
  only?: (typeof SCENARIOS)[number][];
}>();

async function main(): Promise<void> {
  // Workers' state changes and the retries they expect are noise here; errors still show.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const run = new Set(opts.only ?? SCENARIOS);
  // Before any worker starts its workflow thread, as the worker command does.
  configureWorkerHeap(opts.workerHeap);
  const stack = await startBenchStack();
  stack.maxCachedWorkflows = opts.maxCachedWorkflows;
  const report: BenchReport = {
    date: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
      ' ',
    ),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    workerHeap: opts.workerHeap,
    ...(opts.maxCachedWorkflows ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    versions: {
      'temporal CLI': TEMPORAL_CLI_VERSION,
      '@temporalio/worker': packageVersion('@temporalio/worker'),
      '@aws-sdk/client-lightsail': packageVersion('@aws-sdk/client-lightsail'),
      git: git(),
    },
  };
  try {
    if (run.has('copies')) {
      console.error(`scenario 1: ${opts.runs} concurrent copies`);
      report.concurrentCopies = await concurrentCopies(stack, {
        runs: opts.runs,
        timeScale: opts.timeScale,
        rateLimit: opts.rateLimit,
        paceShare: opts.pace,
        callBudget: opts.callBudget,
      });
    }
    if (run.has('throughput')) {
      console.error(`scenario 2: throughput, ${opts.throughputRounds} rounds of ${opts.throughputRuns}`);
      report.throughput = await throughput(stack, {
        runs: opts.throughputRuns,
        rounds: opts.throughputRounds,
      });
    }
    if (run.has('capacity')) {
      console.error(`scenario 3: ${opts.capacityRuns} runs waiting`);
      report.capacity = await capacity(stack, {
        runs: opts.capacityRuns,
        seconds: opts.capacitySeconds,
        settleSeconds: opts.capacitySettleSeconds,
        callsPerSecond: opts.capacityCallsPerSecond || undefined,
        workerHeap: opts.workerHeap,
        cappedOnly: opts.capacityCappedOnly,
      });
    }
    if (run.has('history')) {
      console.error('scenario 4: history against the wait');
      report.historyAgainstWait = await historyAgainstWait(stack, [3, 30]);
    }
    if (run.has('migrations')) {
      console.error(`scenario 5: ${opts.migrationRuns} concurrent migrations`);
      report.concurrentMigrations = await concurrentMigrations(stack, {
        runs: opts.migrationRuns,
        timeScale: opts.timeScale,
        rateLimit: opts.rateLimit,
        paceShare: opts.pace,
      });
    }
    if (run.has('dr')) {
      console.error(`scenario 6: a drill and a failover of ${opts.drInstances} instances`);
      report.dr = await drOnTheCriticalPath(stack, {
        instances: opts.drInstances,
        timeScale: opts.timeScale,
      });
    }
    if (run.has('exports')) {
      console.error(`scenario 7: ${opts.exportRuns} concurrent exports to EC2`);
      report.concurrentExports = await concurrentExports(stack, {
        runs: opts.exportRuns,
        timeScale: opts.exportTimeScale,
        rateLimit: opts.rateLimit,
        paceShare: opts.pace,
      });
    }
    if (run.has('releases')) {
      console.error(`scenario 8: ${opts.releaseRuns} concurrent blue-green releases`);
      report.concurrentReleases = await concurrentReleases(stack, {
        runs: opts.releaseRuns,
        timeScale: opts.timeScale,
        rateLimit: opts.rateLimit,
        paceShare: opts.pace,
      });
    }
  } finally {
    await stack.close();
  }
  writeFileSync(join(__dirname, 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(__dirname, 'results', 'latest.md'), markdown(report));
  console.log(markdown(report));
}

function packageVersion(name: string): string {
  const file = join(__dirname, '..', 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function git(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

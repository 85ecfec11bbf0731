/**
 * `npm run bench`: this project against the plain script a user would otherwise write, in one
 * run on the local stack (see bench/README.md for what each number means). Writes
 * bench/results/latest.json and latest.md with the machine, the versions and the command.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { LOCAL_EMULATOR_CREDENTIALS, type LightsailSettings } from '../src/config';
import { startTemporalDevServer } from '../src/dev/temporal-dev-server';
import { startEmulator } from '../src/emulator';
import { EmulatorControl } from '../src/emulator/control-client';
import { LightsailClients } from '../src/lightsail/clients';
import type { CopySnapshotResult } from '../src/schemas/copy-snapshot';
import { createWorker } from '../src/worker';
import { createInstanceSnapshot } from '../test/support/fixtures';
import { baselineCopy } from './baseline';
import { mean, median, p95 } from './stats';

const program = new Command('bench')
  .option('--runs <n>', 'concurrent cross-region copies', (v) => Number(v), 200)
  .option('--time-scale <n>', 'emulator speed-up: a 300 s copy takes 300/n s', (v) => Number(v), 100)
  .option('--rate-limit <n>', 'Lightsail calls per second per region before throttling', (v) => Number(v), 50)
  .parse();
const opts = program.opts<{ runs: number; timeScale: number; rateLimit: number }>();

/** The copy's operation, 300 AWS seconds across regions (src/emulator/clock.ts): the critical path. */
const COPY_AWS_SECONDS = 300;
const SOURCE = 'us-east-1';
const TARGET = 'eu-west-1';
/** Production's poll schedule and the baseline's 5-second loop, both in AWS seconds, scaled alike. */
const PROD_POLL = { initialIntervalSeconds: 5, maximumIntervalSeconds: 60, backoffCoefficient: 1.5 };
const BASELINE_POLL_SECONDS = 5;

const POLLS = new Set(['GetOperation', 'GetOperations', 'GetOperationsForResource']);

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const scale = opts.timeScale;
  const [{ env }, emulator] = await Promise.all([
    startTemporalDevServer({ log: () => undefined }),
    startEmulator({ port: 0, timeScale: scale }),
  ]);
  const control = new EmulatorControl(emulator.url);
  const lightsail: LightsailSettings = {
    endpoint: emulator.url,
    credentials: LOCAL_EMULATOR_CREDENTIALS,
    sdkMaxAttempts: 1,
  };
  const clients = new LightsailClients(lightsail);
  const taskQueue = 'bench';
  const { worker, clients: workerClients } = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    lightsail,
  });
  const running = worker.run();
  const client = new Client({ connection: env.connection });
  try {
    const snapshots = await arrange(clients, opts.runs);
    await control.setRateLimit(opts.rateLimit);

    // This project: every copy a workflow, all at once.
    await control.clearAudit();
    const poll = {
      initialIntervalSeconds: PROD_POLL.initialIntervalSeconds / scale,
      maximumIntervalSeconds: PROD_POLL.maximumIntervalSeconds / scale,
      backoffCoefficient: PROD_POLL.backoffCoefficient,
    };
    const project = await Promise.all(
      snapshots.map(async (snapshotName, i) => {
        const started = Date.now();
        const handle = await client.workflow.start('copySnapshotAcrossRegions', {
          taskQueue,
          workflowId: `bench-${i}-${started}`,
          args: [
            {
              sourceRegion: SOURCE,
              targetRegions: [TARGET],
              source: { type: 'manual', snapshotName },
              targetSnapshotName: `${snapshotName}-wf`,
              tags: { purpose: 'bench' },
              poll,
            },
          ],
        });
        const result = (await handle.result()) as CopySnapshotResult;
        const wait = result.steps.find((s) => s.step === `wait@${TARGET}`)!;
        return {
          wallMs: Date.now() - started,
          target: `${snapshotName}-wf`,
          waitEndedAt: Date.parse(wait.endedAt),
          events: (await handle.fetchHistory()).events!.length,
        };
      }),
    );
    const projectAudit = await control.audit();
    const projectDone = await completions(control);

    // The baseline: the same copies in a plain async loop per copy, polling every 5 s (scaled).
    await control.clearAudit();
    const targetClient = clients.forRegion(TARGET);
    const baseline = await Promise.all(
      snapshots.map(async (snapshotName) => {
        const started = Date.now();
        const r = await baselineCopy(targetClient, {
          sourceRegion: SOURCE,
          targetRegion: TARGET,
          snapshotName,
          targetName: `${snapshotName}-sh`,
          pollMs: (BASELINE_POLL_SECONDS * 1000) / scale,
        });
        return {
          wallMs: Date.now() - started,
          target: `${snapshotName}-sh`,
          noticedAt: r.noticedAtMs,
          polls: r.polls,
        };
      }),
    );
    const baselineAudit = await control.audit();
    const baselineDone = await completions(control);

    // History against the length of the wait: one copy at the scale above and one 10 times slower.
    await control.setRateLimit(null);
    const history = [];
    for (const factor of [1, 10]) {
      // Arranged at the bench's speed; only the copy's wait is slowed down.
      await control.setTimeScale(scale);
      const [snapshotName] = await arrange(clients, 1, `hist${factor}`);
      await control.setTimeScale(scale / factor);
      const handle = await client.workflow.start('copySnapshotAcrossRegions', {
        taskQueue,
        workflowId: `bench-history-${factor}-${Date.now()}`,
        args: [
          { sourceRegion: SOURCE, targetRegions: [TARGET], source: { type: 'manual', snapshotName }, poll },
        ],
      });
      await handle.result();
      history.push({
        waitAwsSeconds: COPY_AWS_SECONDS,
        realWaitSeconds: (COPY_AWS_SECONDS * factor) / scale,
        events: (await handle.fetchHistory()).events!.length,
      });
    }

    const critical = (COPY_AWS_SECONDS * 1000) / scale;
    const delay = (done: Map<string, number>, noticed: { target: string; at: number }[]) =>
      noticed.map((n) => n.at - (done.get(n.target) ?? n.at));
    const report = {
      date: new Date().toISOString(),
      command: `npm run bench -- --runs ${opts.runs} --time-scale ${scale} --rate-limit ${opts.rateLimit}`,
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      versions: { temporalCli: temporalVersion(), git: git() },
      criticalPathSeconds: critical / 1000,
      rateLimitPerRegion: opts.rateLimit,
      project: summarize(
        project.map((p) => p.wallMs),
        critical,
        projectAudit,
        opts.runs,
        delay(
          projectDone,
          project.map((p) => ({ target: p.target, at: p.waitEndedAt })),
        ),
      ),
      baseline: summarize(
        baseline.map((b) => b.wallMs),
        critical,
        baselineAudit,
        opts.runs,
        delay(
          baselineDone,
          baseline.map((b) => ({ target: b.target, at: b.noticedAt })),
        ),
      ),
      historyEventsPerRun: { median: median(project.map((p) => p.events)) },
      historyAgainstWait: history,
    };
    writeFileSync(join(__dirname, 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(__dirname, 'results', 'latest.md'), markdown(report));
    console.log(markdown(report));
  } finally {
    worker.shutdown();
    await running;
    workerClients.destroy();
    clients.destroy();
    await env.teardown();
    await emulator.close();
  }
}

/** Manual snapshots in the source region (the tests' fixture), made in parallel batches. */
async function arrange(clients: LightsailClients, count: number, prefix = 'bench'): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () =>
      createInstanceSnapshot(clients, SOURCE, prefix),
    );
    names.push(...(await Promise.all(batch)).map((s) => s.snapshotName));
  }
  return names;
}

/** When each copy's operation completed, by target snapshot name, from the emulator's state. */
async function completions(control: EmulatorControl): Promise<Map<string, number>> {
  const state = await control.state();
  const done = new Map<string, number>();
  for (const op of Object.values(state[TARGET]!.operations)) {
    if (op.operationType === 'CopySnapshot') done.set(op.resourceName, op.completesAtMs);
  }
  return done;
}

function summarize(
  wallMs: number[],
  criticalMs: number,
  audit: { action: string; error?: string }[],
  runs: number,
  noticeDelaysMs: number[],
) {
  const ratios = wallMs.map((w) => w / criticalMs);
  return {
    ratioMedian: round(median(ratios)),
    ratioP95: round(p95(ratios)),
    callsPerRun: round(audit.length / runs),
    pollsPerWait: round(audit.filter((a) => POLLS.has(a.action)).length / runs),
    throttled: audit.filter((a) => a.error === 'ThrottlingException').length,
    noticeDelayMsMean: round(mean(noticeDelaysMs)),
    noticeDelayMsMedian: round(median(noticeDelaysMs)),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function markdown(r: {
  date: string;
  command: string;
  machine: object;
  versions: object;
  criticalPathSeconds: number;
  rateLimitPerRegion: number;
  project: ReturnType<typeof summarize>;
  baseline: ReturnType<typeof summarize>;
  historyEventsPerRun: { median: number };
  historyAgainstWait: { realWaitSeconds: number; events: number }[];
}): string {
  const row = (label: string, f: (s: ReturnType<typeof summarize>) => number) =>
    `| ${label} | ${f(r.project)} | ${f(r.baseline)} | ${round(f(r.project) / f(r.baseline))} |`;
  return [
    `Concurrent cross-region copies: this project against a plain script polling every 5 s, ${r.date.slice(0, 10)}.`,
    '',
    '| measure | lightsail-flows | plain script | ratio |',
    '| --- | --- | --- | --- |',
    row('wall time / critical path, median', (s) => s.ratioMedian),
    row('wall time / critical path, p95', (s) => s.ratioP95),
    row('Lightsail calls per run', (s) => s.callsPerRun),
    row('polls per wait', (s) => s.pollsPerWait),
    row('completion noticed after (ms, mean)', (s) => s.noticeDelayMsMean),
    row('completion noticed after (ms, median)', (s) => s.noticeDelayMsMedian),
    `| throttled calls (limit ${r.rateLimitPerRegion}/s per region) | ${r.project.throttled} | ${r.baseline.throttled} | |`,
    '',
    `History events per run: median ${r.historyEventsPerRun.median}; against the wait: ${r.historyAgainstWait.map((h) => `${h.realWaitSeconds} s wait: ${h.events} events`).join(', ')}.`,
    `Critical path ${r.criticalPathSeconds} s (a 300 s copy at the time scale). Machine: ${JSON.stringify(r.machine)}. Versions: ${JSON.stringify(r.versions)}.`,
    `Command: \`${r.command}\``,
    '',
  ].join('\n');
}

function temporalVersion(): string {
  return 'temporal CLI v1.5.1 (see src/dev/temporal-cli.ts)';
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

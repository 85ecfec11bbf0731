import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { LOCAL_EMULATOR_CREDENTIALS } from '../../src/config';
import { startTemporalDevServer, type DevServer } from '../../src/dev/temporal-dev-server';
import { startEmulator } from '../../src/emulator';
import { EmulatorControl } from '../../src/emulator/control-client';
import type { AuditEntry } from '../../src/emulator/audit';
import { LightsailClients } from '../../src/lightsail/clients';
import { TEST_TIME_SCALE } from '../../test/support/stack';
import { SCENARIOS, type Check } from './scenarios';

export interface SoakOptions {
  runs: number;
  /** SIGKILLs of the worker process, at random moments, each followed by a restart. */
  kills: number;
  /** Share of Lightsail calls answered with throttling, service errors or a lost response. */
  faultRate: number;
  /** Restart the dev server once, keeping its state file. */
  restartServer: boolean;
  log?: (line: string) => void;
}

export interface SoakRun {
  runId: string;
  kind: string;
  expected: 'completed' | 'failed';
  outcome: 'completed' | 'failed' | 'timed out';
  problem?: string;
}

export interface SoakReport {
  runs: SoakRun[];
  kills: number;
  serverRestarts: number;
  /** Resources a successful create call made more than once. */
  duplicates: string[];
  durationMs: number;
}

const BIN = join(__dirname, '..', '..', 'bin', 'lightsail-flows.cjs');

/** What names the resource each create action makes, to find one made twice. */
const CREATES: Record<string, (p: Record<string, unknown>) => unknown> = {
  CopySnapshot: (p) => p.targetSnapshotName,
  CreateInstanceSnapshot: (p) => p.instanceSnapshotName,
  CreateInstancesFromSnapshot: (p) => (p.instanceNames as string[] | undefined)?.[0],
  ExportSnapshot: (p) => p.sourceSnapshotName,
  CreateCloudFormationStack: (p) => (p.instances as { sourceName?: string }[] | undefined)?.[0]?.sourceName,
  CreateContainerServiceDeployment: (p) => p.serviceName,
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Finds resources a create call made twice (answered or not), from the emulator's audit. */
export function duplicatesIn(audit: AuditEntry[]): string[] {
  const seen = new Map<string, number>();
  for (const entry of audit) {
    const madeIt = entry.status === 200 || entry.tookEffect === true;
    const name = madeIt ? CREATES[entry.action]?.(entry.params) : undefined;
    if (typeof name !== 'string') continue;
    const key = `${entry.region} ${entry.action} ${name}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);
}

/**
 * The soak: mixed procedures on a dev server and the emulator, with the worker (a child process)
 * killed with SIGKILL at random moments and restarted, the dev server restarted once from its
 * state file, and optionally a share of Lightsail calls failing. Then every run must have ended
 * as expected, nothing may have been created twice, and failed runs must have left nothing.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'soak-'));
  const port = await freePort();
  const dbFilename = join(dataDir, 'temporal.db');
  let server: DevServer = await startTemporalDevServer({ port, dbFilename, log: () => undefined });
  const emulator = await startEmulator({ port: 0, timeScale: TEST_TIME_SCALE });
  const control = new EmulatorControl(emulator.url);
  const clients = new LightsailClients({
    endpoint: emulator.url,
    credentials: LOCAL_EMULATOR_CREDENTIALS,
    sdkMaxAttempts: 1,
  });
  const taskQueue = `soak-${Date.now()}`;
  const address = `127.0.0.1:${port}`;
  let worker: ChildProcess | undefined;
  let serverRestarts = 0;

  const startWorker = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [BIN, 'worker'], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: address,
        LIGHTSAIL_ENDPOINT: emulator.url,
        LIGHTSAIL_FLOWS_TASK_QUEUE: taskQueue,
        LIGHTSAIL_FLOWS_DATA_DIR: dataDir,
        LIGHTSAIL_FLOWS_CODEC_KEYS: '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        if (d.toString().includes('Worker polling')) {
          child.stderr.off('data', onData);
          resolve();
        }
      };
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`the worker exited with ${code} before polling`)));
    });
    return child;
  };
  const killWorker = async (): Promise<void> => {
    const child = worker;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };

  try {
    log(`arranging ${options.runs} runs`);
    const planned: {
      runId: string;
      kind: string;
      workflowType: string;
      expectFailure: boolean;
      input: unknown;
      check: Check;
    }[] = [];
    for (let i = 0; i < options.runs; i++) {
      const scenario = SCENARIOS[i % SCENARIOS.length]!;
      const runId = `soak-${i}-${scenario.kind}`;
      const { input, check } = await scenario.arrange(clients, `soak-${i}-${Date.now().toString(36)}`);
      planned.push({
        runId,
        kind: scenario.kind,
        workflowType: scenario.workflowType,
        expectFailure: scenario.expectFailure,
        input,
        check,
      });
    }
    await control.clearAudit();
    if (options.faultRate > 0) {
      await control.setFaults([
        { probability: options.faultRate / 4, errors: ['ServiceException'], afterEffect: true },
        {
          probability: options.faultRate,
          errors: ['ThrottlingException', 'ServiceException'],
          latencyMs: 20,
        },
      ]);
    }

    worker = await startWorker();
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    for (const run of planned) {
      await client.workflow.start(run.workflowType, { taskQueue, workflowId: run.runId, args: [run.input] });
    }
    log(`started ${planned.length} runs`);

    for (let k = 0; k < options.kills; k++) {
      await sleep(300 + Math.random() * 1500);
      await killWorker();
      log(`kill ${k + 1}: SIGKILL, restarting the worker`);
      worker = await startWorker();
    }
    if (options.restartServer) {
      await killWorker();
      await server.env.teardown();
      server = await startTemporalDevServer({ port, dbFilename, log: () => undefined });
      serverRestarts++;
      log('restarted the dev server from its state file');
      worker = await startWorker();
    }

    // Every run ends first; then the faults stop, so the checks read Lightsail cleanly.
    const ends = await Promise.all(
      planned.map((run) =>
        Promise.race([
          client.workflow.getHandle(run.runId).result(),
          sleep(180_000).then(() => Promise.reject(new Error('timed out after 180 s'))),
        ]).then(
          (result: unknown) => ({ outcome: 'completed' as const, result, failure: undefined }),
          (err: unknown) =>
            err instanceof WorkflowFailedError
              ? { outcome: 'failed' as const, result: undefined, failure: err.cause?.message ?? err.message }
              : { outcome: 'timed out' as const, result: undefined, failure: String(err) },
        ),
      ),
    );
    await control.clearFaults();
    const runs: SoakRun[] = [];
    for (const [i, run] of planned.entries()) {
      const end = ends[i]!;
      const expected = run.expectFailure ? 'failed' : 'completed';
      const problem =
        end.outcome !== expected
          ? `ended ${end.outcome}${end.failure ? `: ${end.failure}` : ''}`
          : await run.check({ result: end.result, failure: end.failure }, clients);
      runs.push({
        runId: run.runId,
        kind: run.kind,
        expected,
        outcome: end.outcome,
        ...(problem ? { problem } : {}),
      });
    }
    await connection.close();
    return {
      runs,
      kills: options.kills,
      serverRestarts,
      duplicates: duplicatesIn(await control.audit()),
      durationMs: Date.now() - started,
    };
  } finally {
    await killWorker();
    clients.destroy();
    await server.env.teardown().catch(() => undefined);
    await emulator.close();
  }
}

/** The summary table the soak script prints. */
export function formatReport(report: SoakReport): string {
  const kinds = [...new Set(report.runs.map((r) => r.kind))];
  const rows = kinds.map((kind) => {
    const mine = report.runs.filter((r) => r.kind === kind);
    const right = mine.filter((r) => !r.problem).length;
    return `| ${kind} | ${mine.length} | ${mine[0]!.expected} | ${right} | ${mine.length - right} |`;
  });
  const problems = report.runs.filter((r) => r.problem).map((r) => `- ${r.runId}: ${r.problem}`);
  return [
    '| procedure | runs | expected | right | wrong |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `worker SIGKILLs: ${report.kills}; dev server restarts: ${report.serverRestarts}; resources created twice: ${report.duplicates.length}; ${(report.durationMs / 1000).toFixed(0)} s`,
    ...report.duplicates.map((d) => `- created twice: ${d}`),
    ...problems,
  ].join('\n');
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { LOCAL_EMULATOR_CREDENTIALS } from '../../src/config';
import { startTemporalDevServer, type DevServer } from '../../src/dev/temporal-dev-server';
import { startEmulator } from '../../src/emulator';
import { EmulatorControl } from '../../src/emulator/control-client';
import type { AuditEntry } from '../../src/emulator/audit';
import { LightsailClients } from '../../src/lightsail/clients';
import { TEST_TIME_SCALE } from '../../test/support/stack';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import { SCENARIOS, type Check, type RunEnd, type SoakScenario } from './scenarios';

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
  expected: SoakScenario['expect'];
  outcome: 'completed' | 'failed' | 'timed out';
  problem?: string;
}

export interface SoakReport {
  runs: SoakRun[];
  kills: number;
  serverRestarts: number;
  /** Resources a successful create call made more than once. */
  duplicates: string[];
  /** Resources tagged as two different runs' (one run adopted or re-tagged another's). */
  shared: string[];
  /** Resources of a run that completed, deleted afterwards (by another run's compensation). */
  deletedAcross: string[];
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
  CreateDiskSnapshot: (p) => p.diskSnapshotName,
  CreateDiskFromSnapshot: (p) => p.diskName,
  AllocateStaticIp: (p) => p.staticIpName,
  CreateRelationalDatabaseFromSnapshot: (p) => p.relationalDatabaseName,
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

/** Where a run that did not end waits: its pending activities with their attempts and last failure. */
async function stuckAt(client: Client, runId: string): Promise<string> {
  try {
    const { raw } = await client.workflow.getHandle(runId).describe();
    const pending = (raw.pendingActivities ?? []).map(
      (a) =>
        `${a.activityType?.name ?? '?'} attempt ${a.attempt ?? '?'}${a.lastFailure?.message ? ` (${a.lastFailure.message})` : ''}`,
    );
    return pending.length > 0 ? `; waiting on ${pending.join(', ')}` : '; no activity pending';
  } catch (err) {
    return `; could not describe it: ${String(err)}`;
  }
}

/** What names the resource each delete action removes. */
const DELETES: Record<string, (p: Record<string, unknown>) => unknown> = {
  DeleteInstanceSnapshot: (p) => p.instanceSnapshotName,
  DeleteDiskSnapshot: (p) => p.diskSnapshotName,
  DeleteInstance: (p) => p.instanceName,
  DeleteContainerService: (p) => p.serviceName,
  DeleteDisk: (p) => p.diskName,
  DeleteRelationalDatabase: (p) => p.relationalDatabaseName,
  DeleteRelationalDatabaseSnapshot: (p) => p.relationalDatabaseSnapshotName,
};

/** Every run tag the audit shows put on each resource, by creates with tags and TagResource. */
function runTagsIn(audit: AuditEntry[]): Map<string, Set<string>> {
  const tagged = new Map<string, Set<string>>();
  for (const entry of audit) {
    if (entry.status !== 200 && entry.tookEffect !== true) continue;
    const p = entry.params as { resourceName?: string; tags?: { key?: string; value?: string }[] };
    const name = entry.action === 'TagResource' ? p.resourceName : CREATES[entry.action]?.(entry.params);
    const run = p.tags?.find((t) => t.key === RUN_TAG_KEY)?.value;
    if (typeof name !== 'string' || !run) continue;
    const key = `${entry.region} ${name}`;
    tagged.set(key, (tagged.get(key) ?? new Set()).add(run));
  }
  return tagged;
}

/** Resources tagged as more than one run's. */
export function sharedIn(audit: AuditEntry[]): string[] {
  return [...runTagsIn(audit)]
    .filter(([, runs]) => runs.size > 1)
    .map(([key, runs]) => `${key}: ${[...runs].join(', ')}`);
}

/**
 * Resources tagged as a completed run's that a delete removed after the run had ended: no run
 * deletes what another made. A run's own deletes before its end (a migration's intermediate
 * snapshots, say) are its business.
 */
export function deletedAcrossIn(audit: AuditEntry[], completed: Map<string, number>): string[] {
  const tagged = runTagsIn(audit);
  const found: string[] = [];
  for (const entry of audit) {
    if (entry.status !== 200) continue;
    const name = DELETES[entry.action]?.(entry.params);
    if (typeof name !== 'string') continue;
    const at = Date.parse(entry.time);
    const owners = [...(tagged.get(`${entry.region} ${name}`) ?? [])].filter(
      (r) => completed.has(r) && at >= completed.get(r)!,
    );
    if (owners.length > 0) found.push(`${entry.region} ${name} of ${owners.join(', ')}`);
  }
  return found;
}

/**
 * Finds resources a create call made twice (answered or not), from the emulator's audit, beyond
 * what the runs make on purpose (`expected`, by `<region> <action> <name>`).
 */
export function duplicatesIn(audit: AuditEntry[], expected: Record<string, number> = {}): string[] {
  const seen = new Map<string, number>();
  for (const entry of audit) {
    const madeIt = entry.status === 200 || entry.tookEffect === true;
    const name = madeIt ? CREATES[entry.action]?.(entry.params) : undefined;
    if (typeof name !== 'string') continue;
    const key = `${entry.region} ${entry.action} ${name}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([key, n]) => n > (expected[key] ?? 1)).map(([key, n]) => `${key} x${n}`);
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
    // Groups of runs: one run a scenario, or two started together on the same names (a race).
    const planned: {
      scenario: SoakScenario;
      runs: { runId: string; input: unknown }[];
      check: Check;
    }[] = [];
    const expectedCreates: Record<string, number> = {};
    for (let i = 0, made = 0; made < options.runs; i++) {
      const scenario = SCENARIOS[i % SCENARIOS.length]!;
      const arranged = await scenario.arrange(clients, `soak-${i}-${Date.now().toString(36)}`);
      const { inputs, check } = arranged;
      Object.assign(expectedCreates, arranged.expectedCreates);
      const runs = inputs.slice(0, options.runs - made).map((input, j) => ({
        runId: `soak-${i}${inputs.length > 1 ? `.${j}` : ''}-${slug(scenario.kind)}`,
        input,
      }));
      made += runs.length;
      planned.push({ scenario, runs, check });
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
    const all = planned.flatMap((group) => group.runs.map((run) => ({ ...run, group })));
    for (const run of all) {
      await client.workflow.start(run.group.scenario.workflowType, {
        taskQueue,
        workflowId: run.runId,
        args: [run.input],
      });
    }
    log(`started ${all.length} runs`);

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
    const ends = new Map<string, RunEnd & { outcome: SoakRun['outcome'] }>();
    await Promise.all(
      all.map(async (run) => {
        // The wait for a result is aborted when it times out: a long poll left pending would retry
        // on the connection closed below and throw where another test runs.
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(new Error('timed out after 180 s')), 180_000);
        const end = await client
          .withAbortSignal(abort.signal, () => client.workflow.getHandle(run.runId).result())
          .catch((err: unknown) => {
            throw abort.signal.aborted ? abort.signal.reason : err;
          })
          .finally(() => clearTimeout(timer))
          .then(
            (result: unknown) => ({ outcome: 'completed' as const, result }),
            async (err: unknown) =>
              err instanceof WorkflowFailedError
                ? {
                    outcome: 'failed' as const,
                    failure: err.cause?.message ?? err.message,
                    failureType:
                      err.cause instanceof ApplicationFailure ? (err.cause.type ?? undefined) : undefined,
                  }
                : {
                    outcome: 'timed out' as const,
                    failure: `${String(err)}${await stuckAt(client, run.runId)}`,
                  },
          );
        ends.set(run.runId, { runId: run.runId, ...end });
      }),
    );
    await control.clearFaults();
    const runs: SoakRun[] = [];
    for (const group of planned) {
      const groupEnds = group.runs.map((r) => ends.get(r.runId)!);
      const problem = wrongEnds(group.scenario.expect, groupEnds) ?? (await group.check(groupEnds, clients));
      for (const end of groupEnds) {
        runs.push({
          runId: end.runId,
          kind: group.scenario.kind,
          expected: group.scenario.expect,
          outcome: end.outcome,
          ...(problem ? { problem } : {}),
        });
      }
    }
    const audit = await control.audit();
    const completed = new Map<string, number>();
    for (const r of runs.filter((r) => r.outcome === 'completed')) {
      const closed = (await client.workflow.getHandle(r.runId).describe()).closeTime;
      completed.set(r.runId, closed?.getTime() ?? 0);
    }
    await connection.close();
    return {
      runs,
      kills: options.kills,
      serverRestarts,
      duplicates: duplicatesIn(audit, expectedCreates),
      shared: sharedIn(audit),
      deletedAcross: deletedAcrossIn(audit, completed),
      durationMs: Date.now() - started,
    };
  } finally {
    await killWorker();
    clients.destroy();
    await server.env.teardown().catch(() => undefined);
    await emulator.close();
  }
}

/** Whether a group's runs ended as its scenario expects; undefined when they did. */
function wrongEnds(
  expect: SoakScenario['expect'],
  ends: (RunEnd & { outcome: SoakRun['outcome'] })[],
): string | undefined {
  const said = (e: RunEnd & { outcome: string }) =>
    `${e.runId} ${e.outcome}${e.failure ? `: ${e.failure}` : ''}`;
  if (expect === 'one-wins') {
    const won = ends.filter((e) => e.outcome === 'completed');
    const refused = ends.filter((e) => e.outcome === 'failed' && e.failureType === 'TargetNameTaken');
    return won.length === 1 && refused.length === ends.length - 1
      ? undefined
      : `expected one run to complete and the others to fail with TargetNameTaken: ${ends.map(said).join('; ')}`;
  }
  const wrong = ends.filter((e) => e.outcome !== expect);
  return wrong.length === 0 ? undefined : `ended ${wrong.map(said).join('; ')}`;
}

const slug = (kind: string) => kind.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

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
    `worker SIGKILLs: ${report.kills}; dev server restarts: ${report.serverRestarts}; resources created twice: ${report.duplicates.length}; ` +
      `shared across runs: ${report.shared.length}; deleted across runs: ${report.deletedAcross.length}; ${(report.durationMs / 1000).toFixed(0)} s`,
    ...report.duplicates.map((d) => `- created twice: ${d}`),
    ...report.shared.map((d) => `- shared: ${d}`),
    ...report.deletedAcross.map((d) => `- deleted across runs: ${d}`),
    ...problems,
  ].join('\n');
}

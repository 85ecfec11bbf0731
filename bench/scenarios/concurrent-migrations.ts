import {
  MIGRATE_INSTANCE_WORKFLOW,
  type MigrateInstanceInput,
  type MigrateInstanceResult,
} from '../../src/schemas/migrate-instance';
import { SCRIPT_POLL_SECONDS } from '../baseline';
import { scriptMigration } from '../baseline-migration';
import {
  arrangeMigrationSources,
  migrated,
  MIGRATION_AWS_SECONDS,
  removeMigrated,
  TO_BUNDLE,
  type BenchSource,
} from '../migration-sources';
import { productionPoll, startInProcessWorker, type BenchStack } from '../stack';
import { median, p95, round } from '../stats';

export interface ConcurrentMigrationsOptions {
  runs: number;
  timeScale: number;
  /** The documented limit: Lightsail calls a (Lightsail) second per region. */
  rateLimit: number;
  /** The share of the limit the worker paces its calls at. */
  paceShare: number;
}

/**
 * The procedure carries over what the script does, the firewall and the static IP, and nothing
 * else, so that both sides do the same work. (Carrying the metadata options, a default, would add
 * their 30 Lightsail seconds to the procedure's path; tags and the add-on complete at once.)
 */
const CARRY_AS_THE_SCRIPT = {
  firewall: true,
  staticIp: true,
  tags: false,
  autoSnapshot: false,
  metadataOptions: false,
  disks: false,
  dns: false,
  loadBalancers: false,
};

/** Two GETs of / on port 80, 50 ms apart: the script verifies nothing, so the checks stay short. */
const QUICK_HTTP = {
  type: 'http' as const,
  port: 80,
  path: '/',
  checks: 2,
  intervalSeconds: 0.05,
  timeoutSeconds: 2,
};

interface RunOutcome {
  source: BenchSource;
  newName: string;
  wallMs?: number;
  error?: string;
}

/**
 * Scenario 5: the same same-region resizes (small to medium, a static IP each) all at once, first
 * as `migrateInstance` workflows on a worker in this process, then as the plain script on fresh
 * sources of their own, under the emulator's rate limit. Returns each side's summary.
 */
export async function concurrentMigrations(stack: BenchStack, o: ConcurrentMigrationsOptions) {
  const { control } = stack;
  await control.setTimeScale(o.timeScale);
  // Both sides run on the emulator's accelerated clock, so the limit is accelerated alike.
  const emulatorLimit = o.rateLimit * o.timeScale;
  const taskQueue = `bench-migrations-${Date.now()}`;
  const worker = await startInProcessWorker(stack, taskQueue, emulatorLimit * o.paceShare);
  const poll = productionPoll(o.timeScale);
  const awsSeconds = (fromMs: number, toMs: number) => ((toMs - fromMs) * o.timeScale) / 1000;
  const stepSeconds: Record<string, number>[] = [];
  const events: number[] = [];
  try {
    const project = await side(stack, o, 'wf', async (source, newName, i) => {
      const started = Date.now();
      const input: MigrateInstanceInput = {
        region: source.region,
        instanceName: source.instanceName,
        newInstanceName: newName,
        target: { bundleId: TO_BUNDLE },
        carryOver: CARRY_AS_THE_SCRIPT,
        verification: QUICK_HTTP,
        keepOldFor: '0s',
        poll,
      };
      const handle = await stack.client.workflow.start(MIGRATE_INSTANCE_WORKFLOW, {
        taskQueue,
        workflowId: `${taskQueue}-${i}`,
        args: [input],
      });
      const result = (await handle.result()) as MigrateInstanceResult;
      const finished = Date.now();
      // Where the time went, step by step, in Lightsail seconds.
      const steps: Record<string, number> = {
        'before the first step': awsSeconds(started, Date.parse(result.steps[0]!.startedAt)),
        'after the last step': awsSeconds(Date.parse(result.steps.at(-1)!.endedAt), finished),
      };
      for (const s of result.steps) {
        steps[s.step.split('@')[0]!] = awsSeconds(Date.parse(s.startedAt), Date.parse(s.endedAt));
      }
      stepSeconds.push(steps);
      events.push((await handle.fetchHistory()).events!.length);
    });

    const pollMs = (SCRIPT_POLL_SECONDS * 1000) / o.timeScale;
    const baseline = await side(stack, o, 'sh', (source, newName) =>
      scriptMigration(stack.clients.forRegion(source.region), {
        instanceName: source.instanceName,
        newInstanceName: newName,
        bundleId: TO_BUNDLE,
        staticIpName: source.staticIpName,
        snapshotName: `${source.instanceName}-sh`,
        pollMs,
      }),
    );

    const criticalMs = (MIGRATION_AWS_SECONDS * 1000) / o.timeScale;
    return {
      runs: o.runs,
      regions: new Set(project.outcomes.map((r) => r.source.region)).size,
      timeScale: o.timeScale,
      criticalPathAwsSeconds: MIGRATION_AWS_SECONDS,
      criticalPathSeconds: criticalMs / 1000,
      rateLimitPerRegion: o.rateLimit,
      workerPacePerRegion: o.rateLimit * o.paceShare,
      historyEventsMedian: median(events),
      projectStepSecondsMedian: Object.fromEntries(
        Object.keys(stepSeconds[0] ?? {}).map((k) => [k, round(median(stepSeconds.map((s) => s[k]!)))]),
      ),
      project: summarize(project, criticalMs),
      baseline: summarize(baseline, criticalMs),
    };
  } finally {
    await control.setRateLimit(null);
    await worker.stop();
  }
}

export type ConcurrentMigrationsResult = Awaited<ReturnType<typeof concurrentMigrations>>;
export type MigrationSideSummary = ReturnType<typeof summarize>;

/**
 * One side: fresh sources, then every run at once under the rate limit, its calls counted from
 * the emulator's audit; then each outcome checked and the side's leftovers removed.
 */
async function side(
  stack: BenchStack,
  o: ConcurrentMigrationsOptions,
  suffix: string,
  migrate: (source: BenchSource, newName: string, i: number) => Promise<void>,
) {
  const { control } = stack;
  const sources = await arrangeMigrationSources(stack, o.runs, 'bench-mig');
  // The bucket holds one Lightsail second of calls, as AWS's buckets hold about a second's worth.
  await control.setRateLimit(o.rateLimit * o.timeScale, o.rateLimit);
  await control.clearAudit();
  const outcomes = await Promise.all(
    sources.map(async (source, i): Promise<RunOutcome> => {
      const newName = `${source.instanceName}-${suffix}`;
      const started = Date.now();
      try {
        await migrate(source, newName, i);
        return { source, newName, wallMs: Date.now() - started };
      } catch (err) {
        return { source, newName, error: (err as Error).message };
      }
    }),
  );
  const audit = await control.audit();
  await control.setRateLimit(null);
  const completed = (
    await Promise.all(outcomes.filter((r) => !r.error).map((r) => migrated(stack, r.source, r.newName)))
  ).filter(Boolean).length;
  const firstError = outcomes.find((r) => r.error)?.error;
  if (firstError) console.error(`migrations (${suffix}): ${firstError}`);
  await removeMigrated(stack, outcomes);
  return { outcomes, audit, completed, firstError };
}

function summarize(s: Awaited<ReturnType<typeof side>>, criticalMs: number) {
  const ratios = s.outcomes.filter((r) => r.wallMs !== undefined).map((r) => r.wallMs! / criticalMs);
  return {
    completed: s.completed,
    ...(s.firstError ? { firstError: s.firstError } : {}),
    ratioMedian: round(median(ratios)),
    ratioP95: round(p95(ratios)),
    callsPerRun: round(s.audit.length / s.outcomes.length),
    throttled: s.audit.filter((a) => a.error === 'ThrottlingException').length,
  };
}

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
import { OPERATION_READS, type WaitReads } from '../calls';
import { summarizeSide } from '../critical-path';
import { runSide } from '../side';
import { productionPoll, startInProcessWorker, type BenchStack } from '../stack';
import { median } from '../stats';
import { runWorkflow, stepSecondsMedians, type StepSeconds } from '../workflow-run';

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

/**
 * What the waits of a resize read: the instance snapshot until available, the new instance until
 * it runs, the old one until it has stopped (by instance or by operation). Three waits a run.
 */
export const MIGRATION_WAIT_READS: WaitReads = {
  actions: ['GetInstanceSnapshot', 'GetInstance', 'GetInstanceState', ...OPERATION_READS],
  waitsPerRun: 3,
};

/**
 * Scenario 5: the same same-region resizes (small to medium, a static IP each) all at once, first
 * as `migrateInstance` workflows on a worker in this process, then as the plain script on fresh
 * sources of their own, under the emulator's rate limit. Returns each side's summary.
 */
export async function concurrentMigrations(stack: BenchStack, o: ConcurrentMigrationsOptions) {
  const { control } = stack;
  await control.setTimeScale(o.timeScale);
  const taskQueue = `bench-migrations-${Date.now()}`;
  const worker = await startInProcessWorker(stack, taskQueue, o.rateLimit * o.timeScale * o.paceShare);
  const poll = productionPoll(o.timeScale);
  const stepSeconds: StepSeconds[] = [];
  const events: number[] = [];
  try {
    const project = await side(stack, o, 'wf', async (source, newName, i) => {
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
      const run = await runWorkflow<MigrateInstanceResult>(stack, {
        workflowType: MIGRATE_INSTANCE_WORKFLOW,
        taskQueue,
        workflowId: `${taskQueue}-${i}`,
        input,
        timeScale: o.timeScale,
      });
      stepSeconds.push(run.stepSeconds);
      events.push(run.events);
      return run.finishedMs;
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
      regions: new Set(project.runs.outcomes.map((r) => r.item.region)).size,
      timeScale: o.timeScale,
      criticalPathAwsSeconds: MIGRATION_AWS_SECONDS,
      criticalPathSeconds: criticalMs / 1000,
      rateLimitPerRegion: o.rateLimit,
      workerPacePerRegion: o.rateLimit * o.paceShare,
      waitsPerRun: MIGRATION_WAIT_READS.waitsPerRun,
      historyEventsMedian: median(events),
      projectStepSecondsMedian: stepSecondsMedians(stepSeconds),
      project: summarizeSide(project.runs, criticalMs, MIGRATION_WAIT_READS, project.completed),
      baseline: summarizeSide(baseline.runs, criticalMs, MIGRATION_WAIT_READS, baseline.completed),
    };
  } finally {
    await worker.stop();
  }
}

export type ConcurrentMigrationsResult = Awaited<ReturnType<typeof concurrentMigrations>>;

/**
 * One side: fresh sources, then every run at once under the rate limit; then each outcome checked
 * and the side's leftovers removed, so that the other side finds the static IP quota free.
 */
async function side(
  stack: BenchStack,
  o: ConcurrentMigrationsOptions,
  suffix: string,
  migrate: (source: BenchSource, newName: string, i: number) => Promise<number | void>,
) {
  const sources = await arrangeMigrationSources(stack, o.runs, 'bench-mig');
  const newName = (source: BenchSource) => `${source.instanceName}-${suffix}`;
  const runs = await runSide(
    stack,
    o,
    sources,
    (source, i) => migrate(source, newName(source), i),
    `migrations (${suffix})`,
  );
  const completed = (
    await Promise.all(
      runs.outcomes.filter((r) => !r.error).map((r) => migrated(stack, r.item, newName(r.item))),
    )
  ).filter(Boolean).length;
  await removeMigrated(
    stack,
    runs.outcomes.map((r) => ({ source: r.item, newName: newName(r.item) })),
  );
  return { runs, completed };
}

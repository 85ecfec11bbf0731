import { DeleteInstanceCommand, ReleaseStaticIpCommand } from '@aws-sdk/client-lightsail';
import { AWS_DURATIONS } from '../../src/emulator/clock';
import { STATIC_IPS_PER_REGION } from '../../src/lightsail-facts';
import { DR_DRILL_WORKFLOW, type DrDrillInput } from '../../src/schemas/dr-drill';
import type { DrDrillReport } from '../../src/schemas/dr-report';
import { FAILOVER_WORKFLOW, type FailoverInput, type FailoverResult } from '../../src/schemas/failover';
import { arrangeDrSeries } from '../../test/support/dr-fixtures';
import { createMigrationSource } from '../../test/support/migration-fixtures';
import { FROM_BUNDLE } from '../migration-sources';
import { onFastClock, productionPoll, startInProcessWorker, type BenchStack } from '../stack';
import { median, round } from '../stats';

export interface DrOptions {
  /** Instances in the drill and in the failover: at most the DR region's five static IPs. */
  instances: number;
  timeScale: number;
}

const PRIMARY = 'us-east-1';
const DR = 'eu-west-1';
const QUICK_HTTP = { type: 'http' as const, checks: 2, intervalSeconds: 0.05, timeoutSeconds: 2 };

/**
 * Scenario 6: disaster recovery on the critical path. `instances` instances of FROM_BUNDLE (60 GB
 * disks), each with one night of DR copies in eu-west-1; one drDrill of them all, then one
 * failoverToRegion of them all, every instance at once. The critical path of both is one restore
 * (60 GB at 1 GB a Lightsail second, the emulator's rate); the rest (verification, a static IP,
 * a DNS entry) completes at once on the emulator. No plain-script side: nothing comparable
 * restores, verifies and cuts over.
 */
export async function drOnTheCriticalPath(stack: BenchStack, o: DrOptions) {
  if (o.instances > STATIC_IPS_PER_REGION) {
    throw new Error(
      `at most ${STATIC_IPS_PER_REGION} instances: the failover gives each a static IP in ${DR}`,
    );
  }
  const sources = await onFastClock(stack, async () => {
    const made = await Promise.all(
      Array.from({ length: o.instances }, () =>
        createMigrationSource(stack.clients, PRIMARY, 'bench-dr', { bundleId: FROM_BUNDLE, dns: true }),
      ),
    );
    await Promise.all(made.map((s) => arrangeDrSeries(stack.clients, s.instanceName)));
    return made.map((s) => s.instanceName);
  });
  await stack.control.setTimeScale(o.timeScale);
  const taskQueue = `bench-dr-${Date.now()}`;
  const worker = await startInProcessWorker(stack, taskQueue);
  const criticalAwsSeconds = Math.max(AWS_DURATIONS.createInstance, 60 * AWS_DURATIONS.restorePerGb);
  const criticalMs = (criticalAwsSeconds * 1000) / o.timeScale;
  const common = {
    primaryRegion: PRIMARY,
    drRegion: DR,
    instanceNames: sources,
    maxConcurrency: o.instances,
    verification: QUICK_HTTP,
    poll: productionPoll(o.timeScale),
  } as const;
  try {
    const drill = await timed(stack, taskQueue, DR_DRILL_WORKFLOW, {
      ...common,
      targets: { maxRecoveryMinutes: 60 },
    } satisfies DrDrillInput);
    const report = drill.result as DrDrillReport;
    const failover = await timed(stack, taskQueue, FAILOVER_WORKFLOW, common satisfies FailoverInput);
    const result = failover.result as FailoverResult;
    await Promise.all(
      result.instances.map(async (i) => {
        const client = stack.clients.forRegion(DR);
        if (i.staticIp) await client.send(new ReleaseStaticIpCommand({ staticIpName: i.staticIp.name }));
        if (i.newInstance) {
          await client
            .send(new DeleteInstanceCommand({ instanceName: i.newInstance.name }))
            .catch(() => undefined);
        }
      }),
    );
    return {
      instances: o.instances,
      timeScale: o.timeScale,
      criticalPathAwsSeconds: criticalAwsSeconds,
      criticalPathSeconds: criticalMs / 1000,
      drill: {
        met: report.met,
        ratio: round(drill.wallMs / criticalMs),
        // Recovery time in Lightsail minutes: the report's minutes are the worker's, on a fast clock.
        recoveryTimeAwsMinutesMedian: round(
          median(report.instances.map((i) => (i.recoveryTimeMinutes ?? NaN) * o.timeScale)),
        ),
        historyEvents: drill.events,
      },
      failover: {
        failedOver: result.instances.filter((i) => i.outcome === 'failed-over').length,
        ratio: round(failover.wallMs / criticalMs),
        dnsEntriesMoved: result.instances.reduce((n, i) => n + i.dnsEntries.length, 0),
        historyEvents: failover.events,
      },
    };
  } finally {
    await worker.stop();
  }
}

export type DrResult = Awaited<ReturnType<typeof drOnTheCriticalPath>>;

async function timed(stack: BenchStack, taskQueue: string, workflowType: string, input: unknown) {
  const started = Date.now();
  const handle = await stack.client.workflow.start(workflowType, {
    taskQueue,
    workflowId: `${taskQueue}-${workflowType}`,
    args: [input],
  });
  const result: unknown = await handle.result();
  const wallMs = Date.now() - started;
  return { result, wallMs, events: (await handle.fetchHistory()).events!.length };
}

/** The report's section. */
export function drSection(d: DrResult): string[] {
  return [
    `**6. Disaster recovery: a drill, then a failover, of ${d.instances} instances at once** (small_3_0, a 60 GB restore each; ` +
      `critical path ${d.criticalPathSeconds} s: a ${d.criticalPathAwsSeconds} s restore at time scale ${d.timeScale}; no plain-script side)`,
    '',
    '| measure | drill | failover |',
    '| --- | --- | --- |',
    `| instances met / failed over | ${d.drill.met ? d.instances : 0} of ${d.instances} | ${d.failover.failedOver} of ${d.instances} |`,
    `| wall time / critical path | ${d.drill.ratio} | ${d.failover.ratio} |`,
    `| recovery time, median (Lightsail min) | ${d.drill.recoveryTimeAwsMinutesMedian} | |`,
    `| DNS entries moved | | ${d.failover.dnsEntriesMoved} |`,
    `| history events of the run | ${d.drill.historyEvents} | ${d.failover.historyEvents} |`,
    '',
  ];
}

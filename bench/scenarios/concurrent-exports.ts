import { EXPORT_DURATIONS } from '../../src/emulator/resources/export-to-ec2';
import {
  EXPORT_TO_EC2_WORKFLOW,
  type ExportToEc2Input,
  type ExportToEc2Result,
} from '../../src/schemas/export-to-ec2';
import { SCRIPT_POLL_SECONDS } from '../baseline';
import { scriptExport } from '../baseline-export';
import { OPERATION_READS, type WaitReads } from '../calls';
import { summarizeSide } from '../critical-path';
import { runSide } from '../side';
import { arrangeSnapshots, productionPoll, SOURCE, startInProcessWorker, type BenchStack } from '../stack';
import { median } from '../stats';
import { runWorkflow, stepSecondsMedians, type StepSeconds } from '../workflow-run';

export interface ConcurrentExportsOptions {
  runs: number;
  /** Exports last hours: a faster clock than the other scenarios' keeps a run to minutes. */
  timeScale: number;
  /** The documented limit: Lightsail calls a (Lightsail) second per region. */
  rateLimit: number;
  /** The share of the limit the worker paces its calls at. */
  paceShare: number;
}

/** The EC2 instance every benchmark export makes. */
const INSTANCE_TYPE = 't3.micro';

/**
 * The Lightsail seconds an export of an instance snapshot to an EC2 instance cannot go faster
 * than, from the emulator's durations: the export, then the CloudFormation stack that launches
 * the instance from it.
 */
export const EXPORT_AWS_SECONDS =
  EXPORT_DURATIONS.exportInstanceSnapshot + EXPORT_DURATIONS.createCloudFormationStack;

/** The two waits of an export (its record, then its stack), by record list or by operation. */
export const EXPORT_WAIT_READS: WaitReads = {
  actions: ['GetExportSnapshotRecords', 'GetCloudFormationStackRecords', ...OPERATION_READS],
  waitsPerRun: 2,
};

/**
 * Scenario 7: exports of instance snapshots to EC2 instances, all at once in one region, first
 * as `exportToEc2` workflows on a worker in this process, then as the plain script of
 * baseline-export.ts on the same snapshots (a snapshot may be exported again), under the
 * emulator's rate limit. Returns each side's summary.
 */
export async function concurrentExports(stack: BenchStack, o: ConcurrentExportsOptions) {
  await stack.control.setTimeScale(o.timeScale);
  const snapshots = await arrangeSnapshots(stack, o.runs, 'bench-exp');
  const taskQueue = `bench-exports-${Date.now()}`;
  const worker = await startInProcessWorker(stack, taskQueue, o.rateLimit * o.timeScale * o.paceShare);
  const poll = productionPoll(o.timeScale);
  const stepSeconds: StepSeconds[] = [];
  const events: number[] = [];
  try {
    const project = await runSide(
      stack,
      o,
      snapshots,
      async (snapshotName, i) => {
        const input: ExportToEc2Input = {
          region: SOURCE,
          source: { type: 'instanceSnapshot', snapshotName },
          ec2: { instanceType: INSTANCE_TYPE },
          poll,
        };
        const run = await runWorkflow<ExportToEc2Result>(stack, {
          workflowType: EXPORT_TO_EC2_WORKFLOW,
          taskQueue,
          workflowId: `${taskQueue}-${i}`,
          input,
          timeScale: o.timeScale,
        });
        if (!run.result.ec2InstanceId) throw new Error(`export of ${snapshotName} made no EC2 instance`);
        stepSeconds.push(run.stepSeconds);
        events.push(run.events);
        return run.finishedMs;
      },
      'exports (workflows)',
    );

    const pollMs = (SCRIPT_POLL_SECONDS * 1000) / o.timeScale;
    const baseline = await runSide(
      stack,
      o,
      snapshots,
      (snapshotName) =>
        scriptExport(stack.clients.forRegion(SOURCE), {
          region: SOURCE,
          snapshotName,
          instanceType: INSTANCE_TYPE,
          pollMs,
        }),
      'exports (script)',
    );

    const criticalMs = (EXPORT_AWS_SECONDS * 1000) / o.timeScale;
    return {
      runs: o.runs,
      timeScale: o.timeScale,
      criticalPathAwsSeconds: EXPORT_AWS_SECONDS,
      criticalPathSeconds: criticalMs / 1000,
      rateLimitPerRegion: o.rateLimit,
      workerPacePerRegion: o.rateLimit * o.paceShare,
      waitsPerRun: EXPORT_WAIT_READS.waitsPerRun,
      historyEventsMedian: median(events),
      projectStepSecondsMedian: stepSecondsMedians(stepSeconds),
      project: summarizeSide(project, criticalMs, EXPORT_WAIT_READS),
      baseline: summarizeSide(baseline, criticalMs, EXPORT_WAIT_READS),
    };
  } finally {
    await worker.stop();
  }
}

export type ConcurrentExportsResult = Awaited<ReturnType<typeof concurrentExports>>;

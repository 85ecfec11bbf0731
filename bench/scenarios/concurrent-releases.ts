import {
  BLUE_GREEN_WORKFLOW,
  type BlueGreenDeployInput,
  type BlueGreenDeployResult,
} from '../../src/schemas/blue-green-deploy';
import { shopDeployment } from '../../test/support/container-fixtures';
import { SCRIPT_POLL_SECONDS } from '../baseline';
import { scriptRelease } from '../baseline-release';
import { OPERATION_READS, type WaitReads } from '../calls';
import { summarizeSide } from '../critical-path';
import {
  arrangeReleasePairs,
  BAKE_AWS_SECONDS,
  RELEASE_AWS_SECONDS,
  RELEASE_REGION,
  type ReleasePair,
} from '../release-pairs';
import { runSide } from '../side';
import { productionPoll, startInProcessWorker, type BenchStack } from '../stack';
import { median } from '../stats';
import { runWorkflow, stepSecondsMedians, type StepSeconds } from '../workflow-run';

export interface ConcurrentReleasesOptions {
  runs: number;
  timeScale: number;
  /** The documented limit: Lightsail calls a (Lightsail) second per region. */
  rateLimit: number;
  /** The share of the limit the worker paces its calls at. */
  paceShare: number;
}

/** Two GETs 50 ms apart (real time): the script's verification, so that both sides check alike. */
const QUICK_HTTP = { path: '/', expectedStatus: 200, checks: 2, intervalSeconds: 0.05, timeoutSeconds: 2 };

/** The two long waits of a release: the new deployment, then the distribution's move. */
export const RELEASE_WAIT_READS: WaitReads = {
  actions: ['GetContainerServices', 'GetContainerServiceDeployments', 'GetDistributions', ...OPERATION_READS],
  waitsPerRun: 2,
};

/**
 * Scenario 8: blue-green releases, each on its own pair of container services behind its own
 * distribution, all at once: first as `blueGreenDeploy` workflows (version 2 to the idle side) on
 * a worker in this process, then as the plain script of baseline-release.ts (version 3 back to the
 * side now idle), under the emulator's rate limit. Returns each side's summary.
 */
export async function concurrentReleases(stack: BenchStack, o: ConcurrentReleasesOptions) {
  await stack.control.setTimeScale(o.timeScale);
  const pairs = await arrangeReleasePairs(stack, o.runs, 'bench-rel');
  const taskQueue = `bench-releases-${Date.now()}`;
  const worker = await startInProcessWorker(stack, taskQueue, o.rateLimit * o.timeScale * o.paceShare);
  const poll = productionPoll(o.timeScale);
  const bakeMs = (BAKE_AWS_SECONDS * 1000) / o.timeScale;
  const stepSeconds: StepSeconds[] = [];
  const events: number[] = [];
  try {
    const project = await runSide(
      stack,
      o,
      pairs,
      async (pair: ReleasePair, i) => {
        const input: BlueGreenDeployInput = {
          strategy: 'blue-green',
          region: RELEASE_REGION,
          services: pair.services,
          distributionName: pair.distributionName,
          deployment: shopDeployment('2'),
          verification: QUICK_HTTP,
          // The workflow's clock is real: the bake is scaled by hand, like every duration here.
          bakeMinutes: bakeMs / 60_000,
          afterBake: 'keep',
          poll,
        };
        const run = await runWorkflow<BlueGreenDeployResult>(stack, {
          workflowType: BLUE_GREEN_WORKFLOW,
          taskQueue,
          workflowId: `${taskQueue}-${i}`,
          input,
          timeScale: o.timeScale,
        });
        if (run.result.serving !== pair.services[1]) {
          throw new Error(`release of ${pair.services[1]} ended serving ${run.result.serving}`);
        }
        stepSeconds.push(run.stepSeconds);
        events.push(run.events);
        return run.finishedMs;
      },
      'releases (workflows)',
    );

    const pollMs = (SCRIPT_POLL_SECONDS * 1000) / o.timeScale;
    const baseline = await runSide(
      stack,
      o,
      pairs,
      (pair) =>
        scriptRelease(stack.clients.forRegion(RELEASE_REGION), {
          region: RELEASE_REGION,
          services: pair.services,
          distributionName: pair.distributionName,
          deployment: shopDeployment('3'),
          bakeMs,
          pollMs,
        }),
      'releases (script)',
    );

    const criticalMs = (RELEASE_AWS_SECONDS * 1000) / o.timeScale;
    return {
      runs: o.runs,
      timeScale: o.timeScale,
      criticalPathAwsSeconds: RELEASE_AWS_SECONDS,
      criticalPathSeconds: criticalMs / 1000,
      bakeAwsSeconds: BAKE_AWS_SECONDS,
      rateLimitPerRegion: o.rateLimit,
      workerPacePerRegion: o.rateLimit * o.paceShare,
      waitsPerRun: RELEASE_WAIT_READS.waitsPerRun,
      historyEventsMedian: median(events),
      projectStepSecondsMedian: stepSecondsMedians(stepSeconds),
      project: summarizeSide(project, criticalMs, RELEASE_WAIT_READS),
      baseline: summarizeSide(baseline, criticalMs, RELEASE_WAIT_READS),
    };
  } finally {
    await worker.stop();
  }
}

export type ConcurrentReleasesResult = Awaited<ReturnType<typeof concurrentReleases>>;

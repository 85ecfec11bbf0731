import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import { LOCAL_EMULATOR_CREDENTIALS, type LightsailSettings } from '../src/config';
import { startTemporalDevServer } from '../src/dev/temporal-dev-server';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { EmulatorControl } from '../src/emulator/control-client';
import { LightsailClients } from '../src/lightsail/clients';
import { createWorker } from '../src/worker';
import { WORKFLOW_BUNDLER_OPTIONS } from '../src/workflow-bundle';
import { PollSchedule } from '../src/schemas/common';
import { createInstanceSnapshot } from '../test/support/fixtures';
import { SOURCE, TARGET } from './baseline';

export { SOURCE, TARGET };
/** A cross-region copy's operation lasts 300 Lightsail seconds (src/emulator/clock.ts). */
export const COPY_AWS_SECONDS = 300;
const ARRANGE_SCALE = 1000;

/** The local stack every scenario runs on: a dev server, the emulator, and clients of both. */
export interface BenchStack {
  env: TestWorkflowEnvironment;
  emulator: RunningEmulator;
  control: EmulatorControl;
  /** Unpaced clients, for arranging and for the plain script. */
  clients: LightsailClients;
  client: Client;
  bundle: WorkflowBundle;
  /** Settings for a worker's own clients against the emulator. */
  lightsail(callsPerSecond?: number): LightsailSettings;
  /** The in-process workers' cache (`--max-cached-workflows`); undefined: the worker's default. */
  maxCachedWorkflows?: number;
  close(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const [{ env }, emulator, bundle] = await Promise.all([
    startTemporalDevServer({ log: () => undefined }),
    startEmulator({ port: 0 }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      ...WORKFLOW_BUNDLER_OPTIONS,
      logger: new DefaultLogger('ERROR'),
    }),
  ]);
  const lightsail = (callsPerSecond?: number): LightsailSettings => ({
    endpoint: emulator.url,
    credentials: LOCAL_EMULATOR_CREDENTIALS,
    sdkMaxAttempts: 1,
    callsPerSecond,
  });
  const clients = new LightsailClients(lightsail());
  return {
    env,
    emulator,
    control: new EmulatorControl(emulator.url),
    clients,
    client: new Client({ connection: env.connection }),
    bundle,
    lightsail,
    async close() {
      clients.destroy();
      await env.teardown();
      await emulator.close();
    },
  };
}

/** A worker in this process on its own task queue; `stop` shuts it down and waits. */
export async function startInProcessWorker(
  stack: BenchStack,
  taskQueue: string,
  callsPerSecond?: number,
  callBudget: 'shared' | 'process' = 'shared',
): Promise<{ stop(): Promise<void> }> {
  const { worker, clients, run } = await createWorker({
    connection: stack.env.nativeConnection,
    namespace: 'default',
    taskQueue,
    lightsail: { ...stack.lightsail(callsPerSecond), callBudget },
    workflowBundle: stack.bundle,
    maxCachedWorkflows: stack.maxCachedWorkflows,
  });
  const running = run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      clients.destroy();
    },
  };
}

/**
 * Available manual snapshots in the source region (the tests' fixture), made in batches of 50 on
 * a fast clock (the fixture waits at most 10 s); the clock's scale is put back afterwards.
 */
export function arrangeSnapshots(stack: BenchStack, count: number, prefix: string): Promise<string[]> {
  return onFastClock(stack, async () => {
    const names: string[] = [];
    for (let i = 0; i < count; i += 50) {
      const batch = Array.from({ length: Math.min(50, count - i) }, () =>
        createInstanceSnapshot(stack.clients, SOURCE, prefix),
      );
      names.push(...(await Promise.all(batch)).map((s) => s.snapshotName));
    }
    return names;
  });
}

/**
 * Runs `arrange` on a fast clock (the fixtures wait at most 10 s for what they make), then puts the
 * clock's scale back, so that arranging a scenario costs little and is never measured.
 */
export async function onFastClock<T>(stack: BenchStack, arrange: () => Promise<T>): Promise<T> {
  const { timeScale } = await stack.control.clock();
  await stack.control.setTimeScale(ARRANGE_SCALE);
  try {
    return await arrange();
  } finally {
    await stack.control.setTimeScale(timeScale);
  }
}

/** The procedures' default poll schedule (src/schemas/common.ts), scaled to the clock. */
export function productionPoll(timeScale: number) {
  const defaults = PollSchedule.parse({});
  // The schema's shortest interval is 50 ms.
  return {
    initialIntervalSeconds: Math.max(0.05, defaults.initialIntervalSeconds / timeScale),
    maximumIntervalSeconds: Math.max(0.05, defaults.maximumIntervalSeconds / timeScale),
    backoffCoefficient: defaults.backoffCoefficient,
  };
}

/** Starts one run copying a manual snapshot from SOURCE to TARGET; every scenario starts runs so. */
export function startCopy(
  stack: BenchStack,
  run: {
    taskQueue: string;
    workflowId: string;
    snapshotName: string;
    poll: ReturnType<typeof productionPoll>;
    targetSnapshotName?: string;
    tags?: Record<string, string>;
  },
): Promise<WorkflowHandle> {
  return stack.client.workflow.start('copySnapshotAcrossRegions', {
    taskQueue: run.taskQueue,
    workflowId: run.workflowId,
    args: [
      {
        sourceRegion: SOURCE,
        targetRegions: [TARGET],
        source: { type: 'manual', snapshotName: run.snapshotName },
        targetSnapshotName: run.targetSnapshotName,
        tags: run.tags,
        poll: run.poll,
      },
    ],
  });
}

/** When each copy's operation completed in the target region, by target snapshot name. */
export async function copyCompletions(control: EmulatorControl): Promise<Map<string, number>> {
  const state = await control.state();
  const done = new Map<string, number>();
  for (const op of Object.values(state[TARGET]!.operations)) {
    if (op.operationType === 'CopySnapshot') done.set(op.resourceName, op.completesAtMs);
  }
  return done;
}

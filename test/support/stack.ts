import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  type Worker,
  type WorkflowBundle,
} from '@temporalio/worker';
import { dataConverterFor } from '../../src/codec/data-converter';
import { formatCodecKeys, parseCodecKeys } from '../../src/codec/keys';
import { LOCAL_EMULATOR_CREDENTIALS, type LightsailSettings } from '../../src/config';
import { startTemporalDevServer } from '../../src/dev/temporal-dev-server';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { EmulatorControl } from '../../src/emulator/control-client';
import { LightsailClients } from '../../src/lightsail/clients';
import { createWorker } from '../../src/worker';
import { QUIET_BUNDLER_LOGGER, WORKFLOW_BUNDLER_OPTIONS } from '../../src/workflow-bundle';

/**
 * One Temporal dev server, one emulator and one workflow bundle for the whole test run: the
 * server start and the bundling are the slow parts. Started on first use, so unit-only runs pay
 * nothing; stopped by the root hook in hooks.ts.
 */
export interface TestStack {
  env: TestWorkflowEnvironment;
  client: Client;
  emulator: RunningEmulator;
  control: EmulatorControl;
  lightsail: LightsailSettings;
  /** Clients for tests to arrange and inspect the emulator through the real SDK. */
  clients: LightsailClients;
  bundle: WorkflowBundle;
  /** A worker that runs for the whole test run on this task queue. */
  sharedTaskQueue: string;
  startWorker(taskQueue: string): Promise<RunningWorker>;
  /** The payload codec's keys, as LIGHTSAIL_FLOWS_CODEC_KEYS for child processes (the CLI). */
  codecKeys: string;
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** Fast enough that a cross-region copy (about 300 s on AWS) takes half a second. */
export const TEST_TIME_SCALE = 600;

/** Poll schedule for the procedures' long waits under the test time scale. */
export const TEST_POLL = {
  initialIntervalSeconds: 0.1,
  maximumIntervalSeconds: 0.5,
  backoffCoefficient: 1.5,
};

let stack: Promise<TestStack> | undefined;
const cleanups: (() => Promise<void>)[] = [];

export function testStack(): Promise<TestStack> {
  stack ??= createStack();
  return stack;
}

export async function stopTestStack(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()!().catch((err) => console.error('cleanup failed:', err));
}

async function createStack(): Promise<TestStack> {
  // Worker state changes and expected failures (warnings) are noise in test output; errors still show.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const [{ env }, emulator, bundle] = await Promise.all([
    startTemporalDevServer({ log: (l) => console.error(`[temporal-cli] ${l}`) }),
    // One emulator holds the whole suite's resources: pages of 1000 keep the tests' own one-page
    // reads whole. Paging itself is tested in test/emulator/pagination.test.ts.
    startEmulator({ port: 0, timeScale: TEST_TIME_SCALE, pageSize: 1000 }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      ...WORKFLOW_BUNDLER_OPTIONS,
      logger: QUIET_BUNDLER_LOGGER,
    }),
  ]);
  cleanups.push(
    () => env.teardown(),
    () => emulator.close(),
  );
  const lightsail: LightsailSettings = {
    endpoint: emulator.url,
    credentials: LOCAL_EMULATOR_CREDENTIALS,
    sdkMaxAttempts: 1,
  };
  const clients = new LightsailClients(lightsail);
  cleanups.push(() => Promise.resolve(clients.destroy()));

  // Payloads are encrypted in the tests as in production, with a key made for this run.
  const codec = parseCodecKeys(`test-${randomUUID().slice(0, 8)}:${randomBytes(32).toString('base64')}`);
  const client = new Client({
    connection: env.connection,
    namespace: 'default',
    dataConverter: dataConverterFor(codec),
  });

  const startWorker = async (taskQueue: string): Promise<RunningWorker> => {
    const {
      worker,
      clients: workerClients,
      run,
    } = await createWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      lightsail,
      workflowBundle: bundle,
      codec,
    });
    const running = run();
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      worker.shutdown();
      await running;
      workerClients.destroy();
    };
    cleanups.push(stop);
    return { worker, stop };
  };

  const sharedTaskQueue = `tests-${randomUUID().slice(0, 8)}`;
  await startWorker(sharedTaskQueue);
  return {
    env,
    client,
    emulator,
    control: new EmulatorControl(emulator.url),
    lightsail,
    clients,
    bundle,
    sharedTaskQueue,
    startWorker,
    codecKeys: formatCodecKeys(codec),
  };
}

/** What a shell next to the test stack has: the CLI reaches its server, its emulator and its codec. */
export function stackCliEnv(stack: TestStack, taskQueue = stack.sharedTaskQueue): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: stack.env.address,
    TEMPORAL_NAMESPACE: 'default',
    LIGHTSAIL_FLOWS_TASK_QUEUE: taskQueue,
    LIGHTSAIL_FLOWS_CODEC_KEYS: stack.codecKeys,
    LIGHTSAIL_ENDPOINT: stack.emulator.url,
  };
}

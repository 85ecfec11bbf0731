import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '../activities';
import { dataConverterFor } from './codec/data-converter';
import type { CodecKeys } from './codec/keys';
import type { Config, LightsailSettings } from './config';
import { LightsailClients } from './lightsail/clients';
import { connectWorker } from './temporal/connect';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  lightsail: LightsailSettings;
  /** A bundle made once and shared (tests); by default the worker bundles workflows/ itself. */
  workflowBundle?: WorkflowBundle;
  /** Payload encryption keys; the clients starting and reading runs must use the same. */
  codec?: CodecKeys;
}

/** The worker: every workflow in workflows/ and every activity, on one task queue. */
export async function createWorker(
  options: WorkerOptions,
): Promise<{ worker: Worker; clients: LightsailClients }> {
  const clients = new LightsailClients(options.lightsail);
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities({ clients }),
    dataConverter: dataConverterFor(options.codec),
  });
  return { worker, clients };
}

/** `lightsail-flows worker`: connects with the configuration and runs until SIGINT or SIGTERM. */
export async function runWorker(config: Config): Promise<void> {
  const connection = await connectWorker(config.temporal);
  const { worker, clients } = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    lightsail: config.lightsail,
    codec: config.temporal.codec,
  });
  console.error(
    `Worker polling task queue "${config.taskQueue}" in namespace "${config.temporal.namespace}" at ` +
      `${config.temporal.connection.address}; Lightsail: ${config.lightsail.endpoint ?? 'AWS (default credential chain)'}`,
  );
  try {
    await worker.run();
  } finally {
    clients.destroy();
    await connection.close();
  }
}

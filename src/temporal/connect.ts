import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataConverterFor } from '../codec/data-converter';
import type { TemporalSettings } from '../config';
import { UserFacingError } from '../user-facing-error';

/** The Temporal server could not be reached: the CLI prints the message alone and exits 1. */
export class TemporalUnreachable extends UserFacingError {
  constructor(address: string | undefined, cause: unknown) {
    super(
      `Cannot reach the Temporal server at ${address}: ${(cause as Error).message}\n` +
        'Start the local stack with `npm run dev`, or set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE, ' +
        'TEMPORAL_API_KEY or TEMPORAL_TLS_* for a real cluster).',
      1,
      { cause },
    );
  }
}

/**
 * A Temporal client for the CLI and the API, connected as the configuration says. A connect
 * timeout (the SDK's default is 10 s) suits callers for whom Temporal is optional.
 */
export async function connectClient(
  settings: TemporalSettings,
  options: { connectTimeoutMs?: number } = {},
): Promise<Client> {
  const { address, tls, apiKey, metadata } = settings.connection;
  try {
    const connection = await Connection.connect({
      address,
      tls,
      apiKey,
      metadata,
      ...(options.connectTimeoutMs !== undefined ? { connectTimeout: options.connectTimeoutMs } : {}),
    });
    return new Client({
      connection,
      namespace: settings.namespace,
      dataConverter: dataConverterFor(settings.codec),
    });
  } catch (err) {
    throw new TemporalUnreachable(address, err);
  }
}

/** The worker's connection, with the same message when the server cannot be reached. */
export async function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(settings.connection);
  } catch (err) {
    throw new TemporalUnreachable(settings.connection.address, err);
  }
}

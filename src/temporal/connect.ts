import { Client, Connection } from '@temporalio/client';
import type { TemporalSettings } from '../config';

/** A Temporal client for the CLI and the API, connected as the configuration says. */
export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const { address, tls, apiKey, metadata } = settings.connection;
  try {
    const connection = await Connection.connect({ address, tls, apiKey, metadata });
    return new Client({ connection, namespace: settings.namespace });
  } catch (err) {
    throw new Error(
      `Cannot reach the Temporal server at ${address}: ${(err as Error).message}\n` +
        'Start the local stack with `npm run dev`, or set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE, ' +
        'TEMPORAL_API_KEY or TEMPORAL_TLS_* for a real cluster).',
      { cause: err },
    );
  }
}

import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataConverterFor } from '../codec/data-converter';
import type { TemporalSettings } from '../config';
import { tracingClientInterceptors } from '../observability/tracing-worker';
import { UserFacingError } from '../user-facing-error';
import { ProbedConnection, probeTemporal, REACH_TIMEOUT_MS } from './reachability';

/** What to say when the Temporal server at `address` cannot be reached, and what to check. */
export function unreachableMessage(address: string | undefined, reason: string): string {
  return (
    `Cannot reach the Temporal server at ${address}: ${reason}.\n` +
    'Start the local stack with `npm run dev`, or set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE, ' +
    'TEMPORAL_API_KEY or TEMPORAL_TLS_* for a real cluster).'
  );
}

/** The Temporal server could not be reached: the CLI prints the message alone and exits 1. */
export class TemporalUnreachable extends UserFacingError {
  constructor(address: string | undefined, cause: unknown) {
    const reason = typeof cause === 'string' ? cause : (cause as Error).message;
    super(unreachableMessage(address, reason.replace(/\.$/, '')), 1, { cause });
  }
}

/**
 * A Temporal client that has not tried to connect yet: the API's, which starts whether or not the
 * server is up and reports it on /readyz. The channel retries a lost server every few seconds
 * at most, so a server that comes back is seen soon (gRPC's default backoff grows to 2 min).
 */
export function lazyClient(settings: TemporalSettings): Client {
  const { address, tls, apiKey, metadata } = settings.connection;
  const connection = ProbedConnection.create({
    address,
    tls,
    apiKey,
    metadata,
    connectTimeout: REACH_TIMEOUT_MS,
    channelArgs: { 'grpc.max_reconnect_backoff_ms': 3000 },
  });
  return new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: dataConverterFor(settings.codec),
    interceptors: tracingClientInterceptors(),
  });
}

/**
 * A Temporal client for the CLI, connected as the configuration says; fails within
 * REACH_TIMEOUT_MS, naming the address, when the server does not answer.
 */
export async function connectClient(settings: TemporalSettings): Promise<Client> {
  let client: Client;
  try {
    client = lazyClient(settings);
  } catch (err) {
    // Bad TLS material, for one, is refused before any connection.
    throw new TemporalUnreachable(settings.connection.address, err);
  }
  const reason = await probeTemporal(client.connection);
  if (reason) {
    await client.connection.close();
    throw new TemporalUnreachable(settings.connection.address, reason);
  }
  return client;
}

/** The worker's connection, with the same message when the server cannot be reached. */
export async function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(settings.connection);
  } catch (err) {
    throw new TemporalUnreachable(settings.connection.address, err);
  }
}

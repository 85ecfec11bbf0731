import type { LightsailClient } from '@aws-sdk/client-lightsail';
import type { LightsailClients } from './clients';
import { toTemporalFailure } from './errors';

/**
 * Sends one Lightsail request in a region and converts a failure into the Temporal failure the
 * classification gives. Activities that must react to a specific error (an "already exists" to
 * adopt, a NotFound on delete) catch it from `clients.forRegion(region).send` themselves.
 */
export async function callLightsail<T>(
  clients: LightsailClients,
  region: string,
  action: string,
  send: (client: LightsailClient) => Promise<T>,
): Promise<T> {
  try {
    return await send(clients.forRegion(region));
  } catch (err) {
    throw toTemporalFailure(err, { action, region });
  }
}

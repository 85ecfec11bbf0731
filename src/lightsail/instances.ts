import { GetInstanceCommand, type Instance } from '@aws-sdk/client-lightsail';
import type { LightsailClients } from './clients';
import { isLightsailError, toTemporalFailure } from './errors';

/** Reads an instance; undefined when Lightsail answers NotFound. */
export async function readInstance(
  clients: LightsailClients,
  region: string,
  instanceName: string,
): Promise<Instance | undefined> {
  try {
    return (await clients.forRegion(region).send(new GetInstanceCommand({ instanceName }))).instance;
  } catch (err) {
    if (isLightsailError(err, 'NotFoundException')) return undefined;
    throw toTemporalFailure(err, { action: 'GetInstance', region });
  }
}

import type { LightsailClients } from './clients';

/** Where a check connects to reach `address:port`. */
export interface Reachable {
  host: string;
  port: number;
}

/**
 * On AWS an instance's public address is reached as it is. The emulator's instances have made-up
 * public addresses and answer on loopback ports instead: it says which (GET /_emulator/reach),
 * so that the same checks run against both. An endpoint that is not the emulator (a proxy, a
 * VPC endpoint) answers no such route, and the address is used as it is.
 */
export async function reachAddress(
  clients: LightsailClients,
  region: string,
  address: string,
  port: number,
): Promise<Reachable> {
  const endpoint = clients.customEndpoint;
  if (!endpoint) return { host: address, port };
  const url = new URL('/_emulator/reach', endpoint);
  url.search = new URLSearchParams({ region, address, port: String(port) }).toString();
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch {
    return { host: address, port };
  }
  const body = (await res.json().catch(() => undefined)) as Partial<Reachable> | undefined;
  if (res.ok && typeof body?.host === 'string' && typeof body.port === 'number') {
    return { host: body.host, port: body.port };
  }
  // The emulator knows the address but nothing listens there now (a stopped instance, a closed
  // port): a loopback port nobody serves, so the check fails as it would on AWS.
  if (res.status === 404 && body !== undefined) return { host: '127.0.0.1', port: 9 };
  return { host: address, port };
}

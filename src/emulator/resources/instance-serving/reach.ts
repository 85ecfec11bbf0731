import { isIP } from 'node:net';
import type { EmulatorState, StoredInstance } from '../../state';
import { instanceStateName } from '../../views';
import { dnsName } from '../domains/validation-record';
import { instanceAddresses, publicIpv6Address } from '../network/instance-view';
import { servedPortsOf } from './behaviour';

/**
 * What the emulator's fake public addresses lead to: the loopback listener of the running
 * instance that holds an address now (its own public IP or an attached static IP), and the
 * addresses the account's Lightsail DNS gives a name. For tests and for activities that check an
 * instance "at its address" when Lightsail is the emulator.
 */

export interface Reached {
  host: '127.0.0.1';
  port: number;
  region: string;
  instanceName: string;
}

/** Nothing answers at an address and port; the message says why. */
export class Unreachable extends Error {}

/** The addresses an instance answers on: its public IPv4 (static or its own), and IPv6 if dualstack. */
function addressesOf(instance: StoredInstance): string[] {
  const v4 = instanceAddresses(instance).publicIpAddress;
  return instance.ipAddressType === 'dualstack' ? [v4, publicIpv6Address(instance.arn)] : [v4];
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function reach(
  state: EmulatorState,
  now: number,
  listenerPort: (instance: StoredInstance, port: number) => number | undefined,
  query: { region?: string; address: string; port: number },
): Reached {
  const regions = query.region ? [query.region] : Object.keys(state);
  for (const region of regions) {
    const store = state[region];
    if (!store) throw new Unreachable(`${region} is not a Lightsail region.`);
    const instance = Object.values(store.instances).find((i) =>
      addressesOf(i).some((a) => sameAddress(a, query.address)),
    );
    if (!instance) continue;
    const stateName = instanceStateName(instance, now);
    if (stateName !== 'running') {
      throw new Unreachable(
        `Nothing answers at ${query.address}: the instance ${instance.name} (${region}) that holds it is ${stateName}.`,
      );
    }
    if (!servedPortsOf(instance).includes(query.port)) {
      throw new Unreachable(
        `Nothing answers at ${query.address} port ${query.port}: the firewall of the instance ${instance.name} (${region}) does not open it.`,
      );
    }
    const port = listenerPort(instance, query.port);
    if (port === undefined) {
      throw new Unreachable(
        `The instance ${instance.name} (${region}) is not listening on port ${query.port} yet; try again.`,
      );
    }
    return { host: '127.0.0.1', port, region, instanceName: instance.name };
  }
  const staticIp = regions
    .flatMap((r) => Object.values(state[r]?.staticIps ?? {}).map((ip) => ({ region: r, ip })))
    .find(({ ip }) => ip.ipAddress === query.address);
  if (staticIp) {
    throw new Unreachable(
      `Nothing answers at ${query.address}: the static IP ${staticIp.ip.name} (${staticIp.region}) is not attached to an instance.`,
    );
  }
  throw new Unreachable(
    `Nothing answers at ${query.address}: no instance${query.region ? ` of ${query.region}` : ''} holds that address now.`,
  );
}

export interface Resolved {
  name: string;
  /** The Lightsail domain whose entries answered, or null when none holds the name. */
  domain: string | null;
  /** The CNAMEs followed to the addresses, in order. */
  cnames: string[];
  a: string[];
  aaaa: string[];
}

/** Long enough for real chains; a loop of CNAMEs ends here. */
const MAX_CNAMES = 8;

/**
 * The A and AAAA addresses the account's Lightsail domains give a name (entries of the name, or
 * a wildcard covering it), following CNAMEs that stay in those domains. Alias entries (to a load
 * balancer, distribution or container service) have no address in the emulator and are skipped.
 */
export function resolve(state: EmulatorState, fqdn: string): Resolved {
  const domains = Object.values(state).flatMap((store) => Object.values(store.domains));
  const result: Resolved = { name: dnsName(fqdn), domain: null, cnames: [], a: [], aaaa: [] };
  let name = result.name;
  for (let hop = 0; hop <= MAX_CNAMES; hop++) {
    const domain = domains
      .filter((d) => name === dnsName(d.name) || name.endsWith(`.${dnsName(d.name)}`))
      .sort((x, y) => y.name.length - x.name.length)[0];
    if (!domain) return result;
    result.domain ??= domain.name;
    const named = (n: string) => domain.entries.filter((e) => dnsName(e.name) === n && !e.isAlias);
    const wildcard = `*.${name.split('.').slice(1).join('.')}`;
    const entries = named(name).length > 0 ? named(name) : named(wildcard);
    const cname = entries.find((e) => e.type === 'CNAME');
    if (cname) {
      name = dnsName(cname.target);
      result.cnames.push(name);
      continue;
    }
    result.a = entries.filter((e) => e.type === 'A' && isIP(e.target) === 4).map((e) => e.target);
    result.aaaa = entries.filter((e) => e.type === 'AAAA' && isIP(e.target) === 6).map((e) => e.target);
    return result;
  }
  return result;
}

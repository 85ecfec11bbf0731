import type { OperationType } from '../../operation-types';
import { isIPv4, isIPv6 } from 'node:net';
import { invalidInput } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import type { StoredInstance } from '../../state';
import { requireName, requireOneOf, type Params } from '../../validation';
import { getInstanceOrThrow } from '../instances';
import { ANYWHERE, portsOf } from './instance-view';
import type { StoredPort } from './types';

/** Instance firewall ports (PortInfo in, InstancePortInfo / InstancePortState out). */

const PROTOCOLS = ['tcp', 'all', 'udp', 'icmp'] as const;
function isCidr(value: string, family: 4 | 6): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || !address) return false;
  if (!(family === 4 ? isIPv4(address) : isIPv6(address))) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalidInput(`${field} must be a list of strings.`);
  }
  return value;
}

/** One PortInfo as the reference describes it, with Lightsail's defaults (anywhere). */
export function portInfo(value: unknown, field: string): StoredPort {
  if (!value || typeof value !== 'object') throw invalidInput(`The ${field} parameter is required.`);
  const p = value as Params;
  const protocol = requireOneOf(
    `${field}.protocol`,
    typeof p.protocol === 'string' ? p.protocol : '',
    PROTOCOLS,
  );
  const fromPort = portNumber(p.fromPort, `${field}.fromPort`);
  const toPort = portNumber(p.toPort, `${field}.toPort`);
  if (protocol !== 'icmp' && (fromPort < 0 || toPort < 0 || fromPort > toPort)) {
    throw invalidInput(
      `${field}: for ${protocol}, fromPort and toPort must be from 0 to 65535 with fromPort <= toPort; got ${fromPort}-${toPort}.`,
    );
  }
  const cidrs = stringList(p.cidrs, `${field}.cidrs`);
  const ipv6Cidrs = stringList(p.ipv6Cidrs, `${field}.ipv6Cidrs`);
  const aliases = stringList(p.cidrListAliases, `${field}.cidrListAliases`) ?? [];
  for (const c of cidrs ?? []) {
    if (!isCidr(c, 4)) throw invalidInput(`${field}.cidrs: "${c}" is not an IPv4 address or CIDR block.`);
  }
  for (const c of ipv6Cidrs ?? []) {
    if (!isCidr(c, 6)) throw invalidInput(`${field}.ipv6Cidrs: "${c}" is not an IPv6 address or CIDR block.`);
  }
  for (const a of aliases) {
    if (a !== 'lightsail-connect') {
      throw invalidInput(
        `${field}.cidrListAliases: the only alias supported is lightsail-connect; got "${a}".`,
      );
    }
  }
  const none = cidrs === undefined && ipv6Cidrs === undefined && aliases.length === 0;
  return {
    fromPort,
    toPort,
    protocol,
    // Without any source, Lightsail opens the port to everyone.
    cidrs: none ? [ANYWHERE] : (cidrs ?? []),
    ipv6Cidrs: none ? ['::/0'] : (ipv6Cidrs ?? []),
    cidrListAliases: aliases,
  };
}

function portNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -1 || value > 65535) {
    throw invalidInput(`${field} is required: a whole number from -1 to 65535.`);
  }
  return value;
}

const sameRange = (a: StoredPort, b: StoredPort) =>
  a.protocol === b.protocol && a.fromPort === b.fromPort && a.toPort === b.toPort;

function portOperation(ctx: ActionContext, instance: StoredInstance, operationType: OperationType) {
  return {
    operation: ctx.operation({
      resourceName: instance.name,
      resourceType: 'Instance',
      operationType,
      availabilityZone: instance.availabilityZone,
      awsSeconds: 0,
    }),
  };
}

export function registerPorts(registry: ActionRegistry): void {
  registry.register(
    'OpenInstancePublicPorts',
    (ctx, params) => {
      const port = portInfo(params.portInfo, 'portInfo');
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      instance.ports = [...portsOf(instance).filter((p) => !sameRange(p, port)), port];
      return portOperation(ctx, instance, 'OpenInstancePublicPorts');
    },
    { mutating: true },
  );
  registry.register(
    'PutInstancePublicPorts',
    (ctx, params) => {
      if (!Array.isArray(params.portInfos)) {
        throw invalidInput('The portInfos parameter is required and must be a list of PortInfo.');
      }
      const ports = params.portInfos.map((p, i) => portInfo(p, `portInfos[${i}]`));
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      instance.ports = ports;
      return portOperation(ctx, instance, 'PutInstancePublicPorts');
    },
    { mutating: true },
  );
  registry.register(
    'CloseInstancePublicPorts',
    (ctx, params) => {
      const port = portInfo(params.portInfo, 'portInfo');
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      instance.ports = portsOf(instance).filter((p) => !sameRange(p, port));
      return portOperation(ctx, instance, 'CloseInstancePublicPorts');
    },
    { mutating: true },
  );
  registry.register(
    'GetInstancePortStates',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      return {
        portStates: portsOf(instance).map((p) => ({
          fromPort: p.fromPort,
          toPort: p.toPort,
          protocol: p.protocol,
          state: 'open',
          cidrs: p.cidrs,
          ipv6Cidrs: p.ipv6Cidrs,
          cidrListAliases: p.cidrListAliases,
        })),
      };
    },
    { mutating: false },
  );
}

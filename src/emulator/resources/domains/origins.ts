import { REGIONS } from '../../catalog';
import { invalidInput, notFound } from '../../errors';
import type { EmulatorState } from '../../state';
import { checkName, requireOneOf, type Params } from '../../validation';
import { asText } from './common';
import type { StoredOrigin } from './types';

/**
 * The resource types a distribution can pull from, and the RegionStore field each family keeps
 * them in. Families not built yet (or on another branch) simply have no such field, so their
 * names are not found.
 */
const ORIGIN_STORES: [resourceType: string, storeField: string][] = [
  ['Instance', 'instances'],
  ['ContainerService', 'containerServices'],
  ['LoadBalancer', 'loadBalancers'],
  ['Bucket', 'buckets'],
];

/** The origin resource as stored by its family, whatever its shape. */
export function findOriginResource(
  state: EmulatorState,
  origin: Pick<StoredOrigin, 'name' | 'regionName' | 'resourceType'>,
): Record<string, unknown> | undefined {
  const field = ORIGIN_STORES.find(([type]) => type === origin.resourceType)?.[1];
  const store = state[origin.regionName] as unknown as Record<string, Record<string, unknown> | undefined>;
  const resource = field ? store[field]?.[origin.name] : undefined;
  return resource && typeof resource === 'object' ? (resource as Record<string, unknown>) : undefined;
}

/**
 * The InputOrigin parameter: a name in a region that must name an instance, container service,
 * load balancer or bucket there; its type is found from the name, as Lightsail does.
 */
export function originParam(state: EmulatorState, raw: unknown, field = 'origin'): StoredOrigin {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidInput(`The ${field} parameter is required: an object with name and regionName.`);
  }
  const o = raw as Params;
  if (typeof o.name !== 'string' || o.name === '') throw invalidInput(`${field}.name is required.`);
  checkName(`${field}.name`, o.name);
  if (typeof o.regionName !== 'string') throw invalidInput(`${field}.regionName is required.`);
  const regionName = requireOneOf(`${field}.regionName`, o.regionName, REGIONS);
  const protocolPolicy =
    o.protocolPolicy === undefined
      ? 'http-only'
      : requireOneOf(`${field}.protocolPolicy`, asText(o.protocolPolicy), [
          'http-only',
          'https-only',
        ] as const);
  for (const [resourceType] of ORIGIN_STORES) {
    if (findOriginResource(state, { name: o.name, regionName, resourceType })) {
      return { name: o.name, regionName, resourceType, protocolPolicy };
    }
  }
  throw notFound(
    `${field}.name: no instance, container service, load balancer or bucket named ${o.name} exists in ${regionName}.`,
  );
}

/** A stand-in for the origin's public DNS name, in the shape Lightsail gives for each type. */
export function originPublicDns(origin: StoredOrigin): string {
  switch (origin.resourceType) {
    case 'ContainerService':
      return `${origin.name}.service.${origin.regionName}.cs.amazonlightsail.com`;
    case 'LoadBalancer':
      return `${origin.name}-lb.${origin.regionName}.elb.amazonaws.com`;
    case 'Bucket':
      return `${origin.name}.s3.${origin.regionName}.amazonaws.com`;
    default:
      return `${origin.name}.${origin.regionName}.compute.lightsail.local`;
  }
}

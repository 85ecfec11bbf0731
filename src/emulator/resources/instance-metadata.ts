import { invalidInput } from '../errors';
import type { ActionRegistry } from '../registry';
import { optionalString, requireName, requireOneOf, type Params } from '../validation';
import { instanceStateName } from '../views';
import { operationOn } from './common';
import { getInstanceOrThrow } from './instances';
import { METADATA_DEFAULTS } from './instance-metadata-view';

/**
 * UpdateInstanceMetadataOptions and the Instance's `metadataOptions`: the instance metadata
 * service's settings (IMDSv2 tokens, endpoint, hop limit, IPv6). On a running instance the new
 * settings are `pending` until applied, then `applied`, as the service model documents; on a
 * stopped instance they are applied at once.
 */

/** AWS seconds a running instance takes to apply new settings. */
const APPLY_SECONDS = 30;

/** EC2's range for the hop limit, which Lightsail passes on. */
const HOP_LIMIT = { min: 1, max: 64 };

/** The model says the IPv6 endpoint setting is available in Europe (Stockholm) only. */
const IPV6_REGIONS = ['eu-north-1'];

function hopLimitParam(params: Params): number | undefined {
  const value = params.httpPutResponseHopLimit;
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < HOP_LIMIT.min ||
    value > HOP_LIMIT.max
  ) {
    throw invalidInput(
      `The httpPutResponseHopLimit parameter must be a whole number from ${HOP_LIMIT.min} to ${HOP_LIMIT.max}.`,
    );
  }
  return value;
}

export function registerInstanceMetadata(registry: ActionRegistry): void {
  registry.register(
    'UpdateInstanceMetadataOptions',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      const tokens = optionalString(params, 'httpTokens');
      const endpoint = optionalString(params, 'httpEndpoint');
      const ipv6 = optionalString(params, 'httpProtocolIpv6');
      const hopLimit = hopLimitParam(params);
      if (ipv6 !== undefined && !IPV6_REGIONS.includes(ctx.region)) {
        throw invalidInput(
          `The httpProtocolIpv6 parameter is available only in ${IPV6_REGIONS.join(', ')}, not in ${ctx.region}.`,
        );
      }
      const state = instanceStateName(instance, ctx.clock.now());
      if (state !== 'running' && state !== 'stopped') {
        throw invalidInput(
          `The instance ${instance.name} is ${state}; its metadata options can be changed only while it is running or stopped. Please try again once it is.`,
        );
      }
      const current = instance.metadataOptions ?? { ...METADATA_DEFAULTS, appliesAtMs: 0 };
      const seconds = state === 'running' ? APPLY_SECONDS : 0;
      instance.metadataOptions = {
        // The model: httpTokens not given means optional; the others keep their current value.
        httpTokens:
          tokens === undefined ? 'optional' : requireOneOf('httpTokens', tokens, ['optional', 'required']),
        httpEndpoint:
          endpoint === undefined
            ? current.httpEndpoint
            : requireOneOf('httpEndpoint', endpoint, ['enabled', 'disabled']),
        httpPutResponseHopLimit: hopLimit ?? current.httpPutResponseHopLimit,
        httpProtocolIpv6:
          ipv6 === undefined
            ? current.httpProtocolIpv6
            : requireOneOf('httpProtocolIpv6', ipv6, ['enabled', 'disabled']),
        appliesAtMs: ctx.clock.after(seconds),
      };
      const { operations } = operationOn(ctx, instance, 'Instance', 'UpdateInstanceMetadataOptions', seconds);
      return { operation: operations[0] };
    },
    { mutating: true },
  );
}

import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import { requireOneOf, requireString } from '../../validation';
import { asText } from '../domains/common';
import { newResource, operationOn } from '../common';
import { CONTACT_PROTOCOLS, type ContactProtocol, type StoredContactMethod } from './types';
import { contactMethodView } from './views';

/** CreateContactMethod, GetContactMethods, DeleteContactMethod and SendContactMethodVerification. */

/** The reference: SMS contact methods exist only in these regions. */
export const SMS_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
];

/**
 * Nobody reads the emulator's mail: an email address counts as verified this many AWS seconds
 * after the latest verification message, as if its link was followed then.
 */
export const EMAIL_VERIFICATION_AWS_SECONDS = 300;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** E.164: a plus, the country code and at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_ENDPOINT_LENGTH = 256;

function protocolParam(params: Record<string, unknown>): ContactProtocol {
  return requireOneOf('protocol', requireString(params, 'protocol'), CONTACT_PROTOCOLS);
}

function getContactMethod(ctx: ActionContext, protocol: ContactProtocol): StoredContactMethod {
  const method = ctx.store.contactMethods[protocol];
  if (!method) throw notFound(`There is no ${protocol} contact method in ${ctx.region}.`);
  return method;
}

function checkEndpoint(protocol: ContactProtocol, endpoint: string): void {
  if (endpoint.length > MAX_ENDPOINT_LENGTH) {
    throw invalidInput(`contactEndpoint is longer than ${MAX_ENDPOINT_LENGTH} characters.`);
  }
  if (protocol === 'Email' && !EMAIL.test(endpoint)) {
    throw invalidInput(`contactEndpoint ${endpoint} is not an email address.`);
  }
  if (protocol === 'SMS' && !E164.test(endpoint)) {
    throw invalidInput(
      `contactEndpoint ${endpoint} is not a phone number in E.164 format, such as +15555550100.`,
    );
  }
}

export function registerContactMethods(registry: ActionRegistry): void {
  registry.registerTaggable('ContactMethod', (store, name) =>
    Object.values(store.contactMethods).find((c) => c.name === name),
  );

  registry.register(
    'CreateContactMethod',
    (ctx, params) => {
      const protocol = protocolParam(params);
      const endpoint = requireString(params, 'contactEndpoint');
      if (protocol === 'SMS' && !SMS_REGIONS.includes(ctx.region)) {
        throw invalidInput(
          `The SMS protocol is not supported in ${ctx.region}; it is in ${SMS_REGIONS.join(', ')}.`,
        );
      }
      checkEndpoint(protocol, endpoint);
      if (ctx.store.contactMethods[protocol]) {
        throw invalidInput(
          `${ctx.region} already has an ${protocol} contact method; delete it before creating another.`,
        );
      }
      const method: StoredContactMethod = {
        ...newResource(ctx, protocol, 'ContactMethod', 'all', 0, []),
        protocol,
        contactEndpoint: endpoint,
        // A phone number needs no link followed; an email address waits for its verification.
        verifiedAtMs: protocol === 'SMS' ? ctx.clock.now() : ctx.clock.after(EMAIL_VERIFICATION_AWS_SECONDS),
      };
      ctx.store.contactMethods[protocol] = method;
      return operationOn(ctx, method, 'ContactMethod', 'CreateContactMethod');
    },
    { mutating: true },
  );

  registry.register(
    'GetContactMethods',
    (ctx, params) => {
      const raw = params.protocols;
      if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
        throw invalidInput('The protocols parameter must be a list of Email, SMS.');
      }
      const wanted = Array.isArray(raw)
        ? raw.map((p) => requireOneOf('protocols', asText(p), CONTACT_PROTOCOLS))
        : [...CONTACT_PROTOCOLS];
      const now = ctx.clock.now();
      return {
        contactMethods: Object.values(ctx.store.contactMethods)
          .filter((c) => wanted.includes(c.protocol))
          .map((c) => contactMethodView(c, ctx.region, now)),
      };
    },
    { mutating: false },
  );

  registry.register(
    'DeleteContactMethod',
    (ctx, params) => {
      const method = getContactMethod(ctx, protocolParam(params));
      delete ctx.store.contactMethods[method.protocol];
      return operationOn(ctx, method, 'ContactMethod', 'DeleteContactMethod');
    },
    { mutating: true },
  );

  registry.register(
    'SendContactMethodVerification',
    (ctx, params) => {
      const protocol = requireOneOf('protocol', requireString(params, 'protocol'), ['Email'] as const);
      const method = getContactMethod(ctx, protocol);
      if (ctx.clock.now() >= method.verifiedAtMs) {
        throw invalidInput(`The ${protocol} contact method ${method.contactEndpoint} is already verified.`);
      }
      method.verifiedAtMs = ctx.clock.after(EMAIL_VERIFICATION_AWS_SECONDS);
      return operationOn(ctx, method, 'ContactMethod', 'SendContactMethodVerification');
    },
    { mutating: true },
  );
}

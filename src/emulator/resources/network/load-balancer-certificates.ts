import { randomBytes } from 'node:crypto';
import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import type { Tag } from '../../state';
import { checkName, requireName, requireString, tagsParam } from '../../validation';
import { newResource } from '../common';
import { certificateStatus, certificateView } from './load-balancer-views';
import { getLoadBalancer, lbOperation } from './load-balancers';
import { NETWORK_DURATIONS, type StoredLbCertificate, type StoredLoadBalancer } from './types';

/**
 * Load balancer TLS certificates: PENDING_VALIDATION until the validation CNAME of each of their
 * names is an entry of a Lightsail domain (emu-domains' isValidationRecordPresent), or at the
 * latest NETWORK_DURATIONS.issueCertificate after creation (validation done outside the emulator).
 */

/** The reference: up to 2 certificates per load balancer, 10 in the account. */
const PER_LOAD_BALANCER = 2;
const PER_ACCOUNT = 10;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function domainName(field: string, value: string): string {
  if (value.includes('*')) throw invalidInput(`${field} "${value}": wildcards are not supported.`);
  if (!DOMAIN.test(value)) throw invalidInput(`${field} "${value}" is not a valid domain name.`);
  return value.toLowerCase();
}

function alternativeNames(value: unknown, primary: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalidInput('certificateAlternativeNames must be a list of domain names.');
  }
  // Lightsail de-dupes the names, the primary domain included.
  const names = [...new Set(value.map((v: string) => domainName('certificateAlternativeNames', v)))].filter(
    (n) => n !== primary,
  );
  if (names.length > 9) throw invalidInput('certificateAlternativeNames: at most 9 alternative names.');
  return names;
}

/** Makes a certificate for a load balancer (CreateLoadBalancerTlsCertificate, CreateLoadBalancer). */
export function createCertificate(
  ctx: ActionContext,
  lb: StoredLoadBalancer,
  name: string,
  domain: string,
  alternatives: unknown,
  tags: Tag[],
) {
  const primary = domainName('certificateDomainName', domain);
  const subjectAlternativeNames = alternativeNames(alternatives, primary);
  if (lb.certificates[name])
    throw invalidInput(`The certificate name ${name} is already in use on ${lb.name}.`);
  if (Object.keys(lb.certificates).length >= PER_LOAD_BALANCER) {
    throw invalidInput(
      `A load balancer can have up to ${PER_LOAD_BALANCER} certificates; ${lb.name} has ${PER_LOAD_BALANCER}.`,
    );
  }
  const total = Object.values(ctx.state).reduce(
    (n, store) =>
      n + Object.values(store.loadBalancers).reduce((m, l) => m + Object.keys(l.certificates).length, 0),
    0,
  );
  if (total >= PER_ACCOUNT)
    throw invalidInput(`You can have up to ${PER_ACCOUNT} load balancer certificates in your account.`);
  const cert: StoredLbCertificate = {
    ...newResource(ctx, name, 'LoadBalancerTlsCertificate', lb.availabilityZone, 0, tags),
    loadBalancerName: lb.name,
    domainName: primary,
    subjectAlternativeNames,
    issueByAtMs: ctx.clock.after(NETWORK_DURATIONS.issueCertificate),
    isAttached: false,
    serial: randomBytes(16).toString('hex').match(/../g)!.join(':'),
  };
  lb.certificates[name] = cert;
  return lbOperation(ctx, name, 'LoadBalancerTlsCertificate', 'CreateLoadBalancerTlsCertificate');
}

function getCertificate(ctx: ActionContext, lb: StoredLoadBalancer, name: string): StoredLbCertificate {
  const cert = lb.certificates[name];
  if (!cert)
    throw notFound(`The LoadBalancerTlsCertificate does not exist: ${name} on ${lb.name} in ${ctx.region}.`);
  return cert;
}

export function registerLoadBalancerCertificates(registry: ActionRegistry): void {
  registry.registerTaggable('LoadBalancerTlsCertificate', (store, name) =>
    Object.values(store.loadBalancers)
      .map((lb) => lb.certificates[name])
      .find((c) => c !== undefined),
  );
  registry.register(
    'CreateLoadBalancerTlsCertificate',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      const name = requireName(params, 'certificateName');
      const domain = requireString(params, 'certificateDomainName');
      return {
        operations: [
          createCertificate(ctx, lb, name, domain, params.certificateAlternativeNames, tagsParam(params)),
        ],
      };
    },
    { mutating: true },
  );
  registry.register(
    'GetLoadBalancerTlsCertificates',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      return { tlsCertificates: Object.values(lb.certificates).map((c) => certificateView(ctx, c)) };
    },
    { mutating: false },
  );
  registry.register(
    'AttachLoadBalancerTlsCertificate',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      const name = requireString(params, 'certificateName');
      checkName('certificateName', name);
      const cert = getCertificate(ctx, lb, name);
      const status = certificateStatus(ctx, cert);
      if (status !== 'ISSUED') {
        throw invalidInput(
          `The certificate ${name} is ${status}: only an ISSUED certificate can be attached.`,
        );
      }
      // Attaching one replaces the one attached before (certificate rotation).
      for (const other of Object.values(lb.certificates)) other.isAttached = other === cert;
      return {
        operations: [
          lbOperation(ctx, lb.name, 'LoadBalancer', 'AttachLoadBalancerTlsCertificate', 0, name),
          lbOperation(
            ctx,
            name,
            'LoadBalancerTlsCertificate',
            'AttachLoadBalancerTlsCertificate',
            0,
            lb.name,
          ),
        ],
      };
    },
    { mutating: true },
  );
  registry.register(
    'DeleteLoadBalancerTlsCertificate',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      const cert = getCertificate(ctx, lb, requireName(params, 'certificateName'));
      const force = params.force;
      if (force !== undefined && typeof force !== 'boolean')
        throw invalidInput('The force parameter must be a boolean.');
      if (cert.isAttached && force !== true) {
        throw invalidInput(
          `The certificate ${cert.name} is attached to ${lb.name}; set force to true to delete it anyway.`,
        );
      }
      delete lb.certificates[cert.name];
      // Without a certificate the load balancer serves HTTP only: redirection to HTTPS stops.
      if (!Object.values(lb.certificates).some((c) => c.isAttached)) lb.httpsRedirectionEnabled = false;
      return {
        operations: [
          lbOperation(ctx, cert.name, 'LoadBalancerTlsCertificate', 'DeleteLoadBalancerTlsCertificate'),
        ],
      };
    },
    { mutating: true },
  );
}

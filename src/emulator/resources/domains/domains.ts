import { randomInt } from 'node:crypto';
import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import { requireOneOf, requireString, tagsParam, type Params } from '../../validation';
import {
  assertUsEast1,
  checkDomainName,
  globalOperation,
  newGlobalResource,
  zonelessTaggable,
} from './common';
import { issueValidatedCertificates } from './certificates';
import type { StoredDomain, StoredDomainEntry } from './types';
import { dnsName, fullEntryName } from './validation-record';

export const DOMAIN_ENTRY_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'SOA', 'SRV', 'TXT'] as const;

/** Domains live in us-east-1; their ARNs and locations say "global", as Lightsail's do. */
const DOMAIN_LOCATION = { availabilityZone: 'all', regionName: 'global' };

export function domainView(d: StoredDomain) {
  return {
    name: d.name,
    arn: d.arn,
    supportCode: d.supportCode,
    createdAt: d.createdAtMs / 1000,
    location: DOMAIN_LOCATION,
    resourceType: 'Domain',
    tags: d.tags,
    domainEntries: d.entries.map((e) => ({ ...e, options: { ...e.options } })),
  };
}

function getDomain(ctx: ActionContext, params: Params): StoredDomain {
  const name = checkDomainName('domainName', requireString(params, 'domainName'));
  const domain = ctx.store.domains[name];
  if (!domain) throw notFound(`The Domain does not exist: ${name}.`);
  return domain;
}

/** Lightsail's entry ids are signed integers written as strings. */
const entryId = () => String(-randomInt(1, 2 ** 31 - 1));

/** The name servers and start of authority a new Lightsail DNS zone comes with. */
function initialEntries(domain: string): StoredDomainEntry[] {
  const servers = ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.co.uk', 'ns-3.awsdns-03.com', 'ns-4.awsdns-04.net'];
  return [
    ...servers.map((target) => entry(domain, 'NS', target)),
    entry(domain, 'SOA', `${servers[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`),
  ];
}

function entry(name: string, type: string, target: string): StoredDomainEntry {
  return { id: entryId(), name, type, target, isAlias: false, options: {} };
}

/**
 * The domainEntry parameter: name (in the domain; a bare label is taken as one in it), type
 * among the reference's values and target, all required to create one.
 */
function entryParam(params: Params, domain: StoredDomain, requireId: boolean): StoredDomainEntry {
  const raw = params.domainEntry;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidInput('The domainEntry parameter is required: an object with name, type and target.');
  }
  const e = raw as Params;
  const id = e.id === undefined ? undefined : requireString(e, 'id');
  if (requireId && id === undefined) throw invalidInput('domainEntry.id is required to update an entry.');
  if (id !== undefined && !/\S/.test(id)) throw invalidInput('domainEntry.id must match the pattern .*\\S.*');
  const field = (f: string) => {
    const v = e[f];
    if (typeof v !== 'string' || v.trim() === '') {
      throw invalidInput(`domainEntry.${f} is required and must be a non-empty string.`);
    }
    return v;
  };
  const type = requireOneOf('domainEntry.type', field('type'), DOMAIN_ENTRY_TYPES);
  const name = fullEntryName(field('name'), domain.name);
  if (!/^[a-z0-9_*]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(name)) {
    throw invalidInput(`domainEntry.name "${String(e.name)}" is not a valid DNS name.`);
  }
  if (e.isAlias !== undefined && typeof e.isAlias !== 'boolean') {
    throw invalidInput('domainEntry.isAlias must be a boolean.');
  }
  const target = field('target');
  if (type === 'A' && e.isAlias !== true && !/^(\d{1,3})(\.\d{1,3}){3}$/.test(target)) {
    throw invalidInput(`domainEntry.target "${target}" must be an IPv4 address for an A record.`);
  }
  return {
    id: id ?? entryId(),
    name,
    type,
    target,
    isAlias: e.isAlias === true,
    options: {},
  };
}

/** DNS forbids a CNAME beside any other record of the same name, and exact duplicates. */
function assertNoConflict(domain: StoredDomain, candidate: StoredDomainEntry): void {
  for (const other of domain.entries) {
    if (other.id === candidate.id || other.name !== candidate.name) continue;
    if (other.type === candidate.type && dnsName(other.target) === dnsName(candidate.target)) {
      throw invalidInput(
        `The domain entry ${candidate.type} ${candidate.name} -> ${candidate.target} already exists in ${domain.name}.`,
      );
    }
    if (other.type === 'CNAME' || candidate.type === 'CNAME') {
      throw invalidInput(
        `A CNAME record cannot share its name with another record: ${candidate.name} already has a ${other.type} record in ${domain.name}.`,
      );
    }
  }
}

export function registerDomains(registry: ActionRegistry): void {
  registry.registerTaggable('Domain', (store, name) => zonelessTaggable(store.domains[name]));

  registry.register(
    'CreateDomain',
    (ctx, params) => {
      assertUsEast1(ctx);
      const name = checkDomainName('domainName', requireString(params, 'domainName'));
      if (ctx.store.domains[name]) throw invalidInput(`The domain ${name} already exists in your account.`);
      const base = newGlobalResource(ctx, 'Domain', 'global', tagsParam(params));
      ctx.store.domains[name] = {
        name,
        arn: base.arn,
        supportCode: base.supportCode,
        createdAtMs: base.createdAtMs,
        tags: base.tags,
        entries: initialEntries(name),
      };
      return { operation: globalOperation(ctx, name, 'Domain', 'CreateDomain') };
    },
    { mutating: true },
  );

  registry.register(
    'GetDomain',
    (ctx, params) => {
      assertUsEast1(ctx);
      return { domain: domainView(getDomain(ctx, params)) };
    },
    { mutating: false },
  );

  registry.register(
    'GetDomains',
    (ctx) => {
      assertUsEast1(ctx);
      const all = Object.values(ctx.store.domains).sort((a, b) => a.name.localeCompare(b.name));
      return { domains: all.map(domainView) }; // paged by the server (pagination.ts)
    },
    { mutating: false },
  );

  registry.register(
    'DeleteDomain',
    (ctx, params) => {
      assertUsEast1(ctx);
      const domain = getDomain(ctx, params);
      delete ctx.store.domains[domain.name];
      return { operation: globalOperation(ctx, domain.name, 'Domain', 'DeleteDomain') };
    },
    { mutating: true },
  );

  registry.register(
    'CreateDomainEntry',
    (ctx, params) => {
      assertUsEast1(ctx);
      const domain = getDomain(ctx, params);
      const created = entryParam(params, domain, false);
      created.id = entryId();
      assertNoConflict(domain, created);
      domain.entries.push(created);
      issueValidatedCertificates(ctx.state, ctx.clock);
      return { operation: globalOperation(ctx, domain.name, 'Domain', 'CreateDomainEntry') };
    },
    { mutating: true },
  );

  registry.register(
    'UpdateDomainEntry',
    (ctx, params) => {
      assertUsEast1(ctx);
      const domain = getDomain(ctx, params);
      const updated = entryParam(params, domain, true);
      const index = domain.entries.findIndex((e) => e.id === updated.id);
      if (index < 0) throw notFound(`The domain entry ${updated.id} does not exist in ${domain.name}.`);
      assertNoConflict(domain, updated);
      domain.entries[index] = updated;
      issueValidatedCertificates(ctx.state, ctx.clock);
      return { operations: [globalOperation(ctx, domain.name, 'Domain', 'UpdateDomainEntry')] };
    },
    { mutating: true },
  );

  registry.register(
    'DeleteDomainEntry',
    (ctx, params) => {
      assertUsEast1(ctx);
      const domain = getDomain(ctx, params);
      const wanted = entryParam(params, domain, false);
      const given = (params.domainEntry as Params).id;
      // By id when given, else by name, type and target.
      const index = domain.entries.findIndex((e) =>
        given !== undefined
          ? e.id === given
          : e.name === wanted.name && e.type === wanted.type && dnsName(e.target) === dnsName(wanted.target),
      );
      if (index < 0) {
        throw notFound(
          `The domain entry ${wanted.type} ${wanted.name} -> ${wanted.target} does not exist in ${domain.name}.`,
        );
      }
      domain.entries.splice(index, 1);
      return { operation: globalOperation(ctx, domain.name, 'Domain', 'DeleteDomainEntry') };
    },
    { mutating: true },
  );
}

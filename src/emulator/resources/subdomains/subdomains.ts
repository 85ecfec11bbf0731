import type { OperationType } from '../../operation-types';
import { randomUUID } from 'node:crypto';
import { arn } from '../../catalog';
import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import type { StoredSubdomain } from './types';
import { optionalBoolean, optionalString, requireString, tagsParam } from '../../validation';
import { assertUsEast1 } from '../domains/common';
import { checkSubdomainName } from './names';
import { depthOf, parentOf, settle, subdomainState, subdomainView } from './subdomain-view';
import { RESERVATION_QUOTA, SUBDOMAIN_DURATIONS, SUBDOMAIN_QUOTA } from './types';

/**
 * CheckSubdomainAvailability, CreateSubdomain, DeleteSubdomain and GetSubdomains: subdomains of
 * amazonlightsail.com, answered in us-east-1 only. A nested subdomain (blog.mysite) holds its
 * top-level one (mysite) IMPLICIT when the account has not created it. No other account exists
 * in the emulator, so a name is available unless this account holds it or it is reserved.
 */

export function subdomainOrThrow(ctx: ActionContext, name: string): StoredSubdomain {
  const subdomain = ctx.store.subdomains[name];
  if (!subdomain || subdomain.implicit) throw notFound(`The Subdomain does not exist: ${name}.`);
  settle(subdomain, ctx.clock.now());
  return subdomain;
}

function subdomainOperation(
  ctx: ActionContext,
  name: string,
  operationType: OperationType,
  awsSeconds: number,
) {
  return ctx.operation({
    resourceName: name,
    resourceType: 'Subdomain',
    operationType,
    availabilityZone: 'all',
    awsSeconds,
  });
}

const childrenOf = (ctx: ActionContext, name: string) =>
  Object.values(ctx.store.subdomains)
    .filter((s) => depthOf(s.name) > 1 && parentOf(s.name) === name)
    .sort((a, b) => a.name.localeCompare(b.name));

function checkAvailability(ctx: ActionContext, name: string, reserve: boolean) {
  const now = ctx.clock.now();
  const held = ctx.store.subdomains[name];
  const available = !held || (held.implicit && depthOf(name) === 1);
  const topLevel = name.split('.').at(-1)!;
  for (const [key, r] of Object.entries(ctx.store.subdomainReservations)) {
    if (r.expiresAtMs <= now) delete ctx.store.subdomainReservations[key];
  }
  let reservation = ctx.store.subdomainReservations[topLevel];
  if (reserve && available && !reservation) {
    if (Object.keys(ctx.store.subdomainReservations).length >= RESERVATION_QUOTA) {
      throw invalidInput(
        `You can have up to ${RESERVATION_QUOTA} active subdomain reservations; wait for one to expire and try again.`,
      );
    }
    // Checking again does not extend a reservation, so only a new one is made.
    reservation = { name: topLevel, expiresAtMs: ctx.clock.after(SUBDOMAIN_DURATIONS.reservation) };
    ctx.store.subdomainReservations[topLevel] = reservation;
  }
  return {
    subdomainName: name,
    available,
    ...(available && reservation ? { reservationExpiresAt: reservation.expiresAtMs / 1000 } : {}),
  };
}

function createSubdomain(ctx: ActionContext, name: string, tags: StoredSubdomain['tags']) {
  const existing = ctx.store.subdomains[name];
  if (existing && !existing.implicit) {
    throw invalidInput(`The subdomain ${name} already exists in your account.`);
  }
  const counted = Object.values(ctx.store.subdomains).filter((s) => !s.implicit).length;
  if (counted >= SUBDOMAIN_QUOTA) {
    throw invalidInput(`You can have up to ${SUBDOMAIN_QUOTA} subdomains; delete one and try again.`);
  }
  const now = ctx.clock.now();
  if (depthOf(name) > 1 && !ctx.store.subdomains[parentOf(name)]) {
    ctx.store.subdomains[parentOf(name)] = {
      name: parentOf(name),
      createdAtMs: now,
      tags: [],
      implicit: true,
      readyAtMs: now,
    };
  }
  const subdomain: StoredSubdomain = {
    name,
    arn: arn(ctx.region, 'Subdomain', randomUUID()),
    createdAtMs: existing?.createdAtMs ?? now,
    tags,
    implicit: false,
    readyAtMs: ctx.clock.after(SUBDOMAIN_DURATIONS.create),
    failed: ctx.failure ? true : undefined,
  };
  ctx.store.subdomains[name] = subdomain;
  const operation = subdomainOperation(ctx, name, 'CreateSubdomain', SUBDOMAIN_DURATIONS.create);
  return { subdomain: subdomainView(subdomain, ctx.region, now), operation };
}

function deleteSubdomain(ctx: ActionContext, name: string) {
  const subdomain = subdomainOrThrow(ctx, name);
  const now = ctx.clock.now();
  const state = subdomainState(subdomain, now);
  if (state !== 'UNATTACHED' && state !== 'CREATE_FAILED') {
    throw invalidInput(
      state === 'ATTACHED'
        ? `The subdomain ${name} is associated with ${subdomain.attached?.name}; disassociate it first (UpdateSubdomainAssociation).`
        : `The subdomain ${name} is ${state}; wait for it to complete and try again.`,
    );
  }
  const answer = subdomainView(subdomain, ctx.region, now);
  if (childrenOf(ctx, name).length > 0) {
    // Its nested subdomains keep working: it stays held for them.
    ctx.store.subdomains[name] = {
      name,
      createdAtMs: subdomain.createdAtMs,
      tags: [],
      implicit: true,
      readyAtMs: now,
    };
  } else {
    delete ctx.store.subdomains[name];
    const parent = depthOf(name) > 1 ? ctx.store.subdomains[parentOf(name)] : undefined;
    if (parent?.implicit && childrenOf(ctx, parent.name).length === 0)
      delete ctx.store.subdomains[parent.name];
  }
  return { subdomain: answer, operation: subdomainOperation(ctx, name, 'DeleteSubdomain', 0) };
}

function getSubdomains(ctx: ActionContext, name: string | undefined, pageToken: string | undefined) {
  const now = ctx.clock.now();
  if (name !== undefined) {
    if (pageToken !== undefined) {
      throw invalidInput('The subdomainName and pageToken parameters cannot be specified together.');
    }
    const held = ctx.store.subdomains[name];
    if (!held) throw notFound(`The Subdomain does not exist: ${name}.`);
    settle(held, now);
    return { subdomains: [subdomainView(held, ctx.region, now, { withTags: true })] };
  }
  const all = Object.values(ctx.store.subdomains);
  all.forEach((s) => settle(s, now));
  const topLevel = all.filter((s) => depthOf(s.name) === 1).sort((a, b) => a.name.localeCompare(b.name));
  // Paged by the server (pagination.ts), like every paginated action.
  return {
    subdomains: topLevel.map((s) => subdomainView(s, ctx.region, now, { children: childrenOf(ctx, s.name) })),
  };
}

export function registerSubdomains(registry: ActionRegistry): void {
  // TagResource and UntagResource reach a subdomain the account created (an IMPLICIT one has no ARN).
  registry.registerTaggable('Subdomain', (store, name) => {
    const subdomain = store.subdomains[name];
    if (!subdomain?.arn || subdomain.implicit) return undefined;
    return {
      name,
      arn: subdomain.arn,
      availabilityZone: 'all',
      get tags() {
        return subdomain.tags;
      },
      set tags(tags) {
        subdomain.tags = tags;
      },
    };
  });
  registry.register(
    'CheckSubdomainAvailability',
    (ctx, params) => {
      assertUsEast1(ctx);
      const name = checkSubdomainName(requireString(params, 'subdomainName'));
      return checkAvailability(ctx, name, optionalBoolean(params, 'reserve') ?? false);
    },
    // A reservation is kept in the state.
    { mutating: true },
  );
  registry.register(
    'CreateSubdomain',
    (ctx, params) => {
      assertUsEast1(ctx);
      const name = checkSubdomainName(requireString(params, 'subdomainName'));
      return createSubdomain(ctx, name, tagsParam(params));
    },
    { mutating: true },
  );
  registry.register(
    'DeleteSubdomain',
    (ctx, params) => {
      assertUsEast1(ctx);
      return deleteSubdomain(ctx, requireString(params, 'subdomainName'));
    },
    { mutating: true },
  );
  registry.register(
    'GetSubdomains',
    (ctx, params) => {
      assertUsEast1(ctx);
      return getSubdomains(ctx, optionalString(params, 'subdomainName'), optionalString(params, 'pageToken'));
    },
    { mutating: false },
  );
}

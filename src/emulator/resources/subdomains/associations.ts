import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import { optionalString, requireOneOf, requireString } from '../../validation';
import { assertUsEast1 } from '../domains/common';
import { subdomainOrThrow } from './subdomains';
import { subdomainState, subdomainView } from './subdomain-view';
import { SUBDOMAIN_DURATIONS } from './types';

/**
 * UpdateSubdomainAssociation: associates a subdomain with a distribution (the only kind of
 * resource Lightsail takes today), disassociates it, or transfers it to another distribution
 * (once in 24 hours). The subdomain is ATTACHING, DETACHING or TRANSFERRING for 120 AWS seconds.
 * A distribution with a certificate attached (a custom domain) cannot take a subdomain, and a
 * distribution takes one subdomain at a time.
 */

const ACTIONS = ['ASSOCIATE', 'DISASSOCIATE', 'TRANSFER'] as const;

function targetDistribution(ctx: ActionContext, targetArn: string | undefined, subdomainName: string) {
  if (targetArn === undefined) {
    throw invalidInput('The targetResourceArn parameter is required to associate or transfer a subdomain.');
  }
  const distribution = Object.values(ctx.store.distributions).find((d) => d.arn === targetArn);
  if (!distribution) {
    throw notFound(`The resource ${targetArn} does not exist, or is not a distribution of your account.`);
  }
  if (distribution.certificateName) {
    throw invalidInput(
      `The distribution ${distribution.name} uses a custom domain (certificate ${distribution.certificateName}); a subdomain cannot be associated with it.`,
    );
  }
  const other = Object.values(ctx.store.subdomains).find(
    (s) => s.name !== subdomainName && (s.attached?.arn === targetArn || s.change?.target?.arn === targetArn),
  );
  if (other) {
    throw invalidInput(
      `The distribution ${distribution.name} is already associated with the subdomain ${other.name}.`,
    );
  }
  return { arn: distribution.arn, name: distribution.name };
}

export function registerSubdomainAssociations(registry: ActionRegistry): void {
  registry.register(
    'UpdateSubdomainAssociation',
    (ctx, params) => {
      assertUsEast1(ctx);
      const name = requireString(params, 'subdomainName');
      const action = requireOneOf('action', requireString(params, 'action'), ACTIONS);
      const targetArn = optionalString(params, 'targetResourceArn');
      const subdomain = subdomainOrThrow(ctx, name);
      const now = ctx.clock.now();
      const state = subdomainState(subdomain, now);
      const expected = action === 'ASSOCIATE' ? 'UNATTACHED' : 'ATTACHED';
      if (state !== expected) {
        throw invalidInput(
          `To ${action.toLowerCase()} the subdomain ${name}, it must be ${expected}; it is ${state}.${state.endsWith('ING') ? ' Wait for it to complete and try again.' : ''}`,
        );
      }
      let target: { arn: string; name: string } | undefined;
      if (action !== 'DISASSOCIATE') {
        target = targetDistribution(ctx, targetArn, name);
        if (action === 'TRANSFER') {
          if (target.arn === subdomain.attached?.arn) {
            throw invalidInput(`The subdomain ${name} is already associated with ${target.name}.`);
          }
          if (now < (subdomain.transferLockedUntilAtMs ?? 0)) {
            throw invalidInput(`The subdomain ${name} can be transferred once in 24 hours; try again later.`);
          }
        }
      }
      subdomain.change = { action, target, settlesAtMs: ctx.clock.after(SUBDOMAIN_DURATIONS.association) };
      if (action === 'TRANSFER') {
        subdomain.transferLockedUntilAtMs = ctx.clock.after(SUBDOMAIN_DURATIONS.transferLock);
      }
      return {
        subdomain: subdomainView(subdomain, ctx.region, now),
        operation: ctx.operation({
          resourceName: name,
          resourceType: 'Subdomain',
          operationType: 'UpdateSubdomainAssociation',
          availabilityZone: 'all',
          awsSeconds: SUBDOMAIN_DURATIONS.association,
        }),
      };
    },
    { mutating: true },
  );
}

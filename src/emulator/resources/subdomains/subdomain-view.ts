import type { StoredSubdomain } from './types';

/** The Subdomain data type as Lightsail answers it, its state settled on read. */

export const LIGHTSAIL_SUBDOMAIN_ZONE = 'amazonlightsail.com';

export const depthOf = (name: string) => name.split('.').length;
export const parentOf = (name: string) => name.split('.').slice(1).join('.');
export const fqdnOf = (name: string) => `${name}.${LIGHTSAIL_SUBDOMAIN_ZONE}`;

/** Applies an association change whose time has come; reads call it before answering. */
export function settle(s: StoredSubdomain, now: number): void {
  const change = s.change;
  if (!change || now < change.settlesAtMs) return;
  s.attached =
    change.action === 'DISASSOCIATE' || !change.target
      ? undefined
      : { ...change.target, attachedAtMs: change.settlesAtMs };
  s.change = undefined;
}

export function subdomainState(s: StoredSubdomain, now: number): string {
  if (s.implicit) return 'IMPLICIT';
  if (now < s.readyAtMs) return 'CREATING';
  if (s.failed) return 'CREATE_FAILED';
  if (s.change && now < s.change.settlesAtMs) {
    return { ASSOCIATE: 'ATTACHING', DISASSOCIATE: 'DETACHING', TRANSFER: 'TRANSFERRING' }[s.change.action];
  }
  return s.attached ? 'ATTACHED' : 'UNATTACHED';
}

const attachable = (r: { arn: string; name: string; attachedAtMs?: number }) => ({
  arn: r.arn,
  name: r.name,
  ...(r.attachedAtMs !== undefined ? { attachedAt: r.attachedAtMs / 1000 } : {}),
});

export function subdomainView(
  s: StoredSubdomain,
  region: string,
  now: number,
  extra: { children?: StoredSubdomain[]; withTags?: boolean } = {},
): Record<string, unknown> {
  const state = subdomainState(s, now);
  const moving = state === 'ATTACHING' || state === 'TRANSFERRING';
  return {
    subdomainName: s.name,
    ...(s.arn ? { arn: s.arn } : {}),
    fqdn: fqdnOf(s.name),
    depth: depthOf(s.name),
    state,
    ...(s.attached ? { attachedResource: attachable(s.attached) } : {}),
    ...(moving && s.change?.target ? { attachingResource: attachable(s.change.target) } : {}),
    location: { availabilityZone: 'all', regionName: region },
    createdAt: s.createdAtMs / 1000,
    ...(depthOf(s.name) > 1 ? { parentFqdn: fqdnOf(parentOf(s.name)) } : {}),
    ...(extra.children ? { children: extra.children.map((c) => subdomainView(c, region, now)) } : {}),
    ...(extra.withTags ? { tags: s.tags } : {}),
  };
}

import type { OperationType } from '../../operation-types';
import { randomUUID } from 'node:crypto';
import { arn } from '../../catalog';
import { invalidInput } from '../../errors';
import type { ActionContext, Taggable } from '../../registry';
import type { Tag } from '../../state';

/** Where domains and distributions live, and where Lightsail answers their actions. */
export const GLOBAL_REGION = 'us-east-1';

/** Refuses a domain or distribution action in another region, with the service's wording. */
export function assertUsEast1(ctx: ActionContext): void {
  if (ctx.region !== GLOBAL_REGION) {
    throw invalidInput(
      `Domain and distribution APIs are only available in the N. Virginia (us-east-1) AWS Region. Please set your AWS Region configuration to us-east-1 to create, view, or edit these resources. (The request was made in ${ctx.region}.)`,
    );
  }
}

const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/** A DNS name such as example.com (no wildcard unless allowed), without the root's trailing dot. */
export function checkDomainName(field: string, value: string): string {
  const name = value.replace(/\.$/, '').toLowerCase();
  if (!DOMAIN_NAME.test(name)) {
    throw invalidInput(`${field} "${value}" is not a valid domain name (e.g. example.com).`);
  }
  return name;
}

/** Fields every resource of these families starts with. */
export function newGlobalResource(ctx: ActionContext, resourceType: string, arnRegion: string, tags: Tag[]) {
  const id = randomUUID();
  return {
    id,
    arn: arn(arnRegion, resourceType, id),
    supportCode: `${ctx.region}/${id.slice(0, 8)}`,
    createdAtMs: ctx.clock.now(),
    tags,
  };
}

/**
 * The single operation these actions answer; their resources have no zone, so their operations
 * are located in zone "all", as Lightsail shows them.
 */
export function globalOperation(
  ctx: ActionContext,
  resourceName: string,
  resourceType: string,
  operationType: OperationType,
  awsSeconds = 0,
) {
  return ctx.operation({ resourceName, resourceType, operationType, availabilityZone: 'all', awsSeconds });
}

/** A parameter's value as text for an enumeration check or a message. */
export const asText = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');

/**
 * What TagResource needs of a zoneless resource: its tags read and written through, and zone
 * "all" for its tag operations.
 */
export function zonelessTaggable(
  resource: { name: string; arn: string; tags: Tag[] } | undefined,
): Taggable | undefined {
  if (!resource) return undefined;
  return {
    name: resource.name,
    arn: resource.arn,
    availabilityZone: 'all',
    get tags() {
      return resource.tags;
    },
    set tags(tags: Tag[]) {
      resource.tags = tags;
    },
  };
}

import { operationOn } from './common';
import { notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { StoredBase } from '../state';
import { optionalString, requireString, requireStringList, tagsParam } from '../validation';

const TAGGABLE = [
  ['instances', 'Instance'],
  ['instanceSnapshots', 'InstanceSnapshot'],
  ['disks', 'Disk'],
  ['diskSnapshots', 'DiskSnapshot'],
] as const;

/** Finds any taggable resource by name (and ARN, when given). */
function findTaggable(
  ctx: ActionContext,
  name: string,
  arn?: string,
): { resource: StoredBase; type: string } {
  for (const [collection, type] of TAGGABLE) {
    const resource = ctx.store[collection][name];
    if (resource && (arn === undefined || resource.arn === arn)) return { resource, type };
  }
  throw notFound(`The resource ${name} does not exist in ${ctx.region}.`);
}

export function registerTags(registry: ActionRegistry): void {
  registry.register(
    'TagResource',
    (ctx, params) => {
      const { resource, type } = findTaggable(
        ctx,
        requireString(params, 'resourceName'),
        optionalString(params, 'resourceArn'),
      );
      for (const tag of tagsParam(params)) {
        resource.tags = [...resource.tags.filter((t) => t.key !== tag.key), tag];
      }
      return operationOn(ctx, resource, type, 'TagResource');
    },
    { mutating: true },
  );

  registry.register(
    'UntagResource',
    (ctx, params) => {
      const { resource, type } = findTaggable(
        ctx,
        requireString(params, 'resourceName'),
        optionalString(params, 'resourceArn'),
      );
      const keys = new Set(requireStringList(params, 'tagKeys'));
      resource.tags = resource.tags.filter((t) => !keys.has(t.key));
      return operationOn(ctx, resource, type, 'UntagResource');
    },
    { mutating: true },
  );
}

import type { OperationType } from '../operation-types';
import { notFound } from '../errors';
import type { ActionContext, ActionRegistry, Taggable } from '../registry';
import { optionalString, requireString, requireStringList, tagsParam } from '../validation';

/**
 * TagResource and UntagResource for every resource type a family registered with
 * `registerTaggable`, so a new family gets tags without touching this file.
 */
export function registerTags(registry: ActionRegistry): void {
  /** Finds any taggable resource by name (and ARN, when given). */
  function findTaggable(
    ctx: ActionContext,
    name: string,
    arn?: string,
  ): { resource: Taggable; type: string } {
    for (const [type, lookup] of registry.taggableTypes()) {
      const resource = lookup(ctx.store, name);
      if (resource && (arn === undefined || resource.arn === arn)) return { resource, type };
    }
    throw notFound(`The resource ${name} does not exist in ${ctx.region}.`);
  }

  function tagOperation(ctx: ActionContext, resource: Taggable, type: string, operationType: OperationType) {
    return {
      operations: [
        ctx.operation({
          resourceName: resource.name,
          resourceType: type,
          operationType,
          availabilityZone: resource.availabilityZone,
          awsSeconds: 0,
        }),
      ],
    };
  }

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
      return tagOperation(ctx, resource, type, 'TagResource');
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
      return tagOperation(ctx, resource, type, 'UntagResource');
    },
    { mutating: true },
  );
}

import type { OperationType } from '../operation-types';
import { randomUUID } from 'node:crypto';
import { arn } from '../catalog';
import { invalidInput } from '../errors';
import type { ActionContext } from '../registry';
import type { RegionStore, StoredBase, Tag } from '../state';
import { lifecycle } from '../views';

/** The fields every new resource starts with; pending until `awsSeconds` have passed. */
export function newResource(
  ctx: ActionContext,
  name: string,
  resourceType: string,
  availabilityZone: string,
  awsSeconds: number,
  tags: Tag[],
): StoredBase {
  const id = randomUUID();
  return {
    name,
    arn: arn(ctx.region, resourceType, id),
    supportCode: `${ctx.region}/${id.slice(0, 8)}`,
    createdAtMs: ctx.clock.now(),
    availabilityZone,
    tags,
    readyAtMs: ctx.clock.after(awsSeconds),
    failed: ctx.failure ? true : undefined,
  };
}

/** Snapshot names are shared by instance and disk snapshots within a region. */
export function assertSnapshotNameFree(store: RegionStore, name: string): void {
  if (store.instanceSnapshots[name] || store.diskSnapshots[name]) {
    throw invalidInput(`The snapshot name ${name} is already in use. Choose another name.`);
  }
}

/** The single operation most actions answer with, about one existing resource. */
export function operationOn(
  ctx: ActionContext,
  resource: StoredBase,
  resourceType: string,
  operationType: OperationType,
  awsSeconds = 0,
): { operations: ReturnType<ActionContext['operation']>[] } {
  return {
    operations: [
      ctx.operation({
        resourceName: resource.name,
        resourceType,
        operationType,
        availabilityZone: resource.availabilityZone,
        awsSeconds,
      }),
    ],
  };
}

/**
 * Refuses to use a resource that is not ready. The pending case asks to wait (callers treat
 * that wording as "retry later", as with AWS); the error case is final.
 */
export function assertReady(resource: StoredBase, now: number, description: string): void {
  const stage = lifecycle(resource, now);
  if (stage === 'pending') {
    throw invalidInput(`${description} is not available yet; wait for it to complete and try again.`);
  }
  if (stage === 'error') {
    throw invalidInput(`${description} is in state error and cannot be used.`);
  }
}

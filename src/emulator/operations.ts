import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import type { OperationType } from './operation-types';
import type { RegionStore, StoredOperation } from './state';

/** What a handler passes to record the operation of a mutating action. */
export interface OperationSpec {
  resourceName: string;
  resourceType: string;
  /** Typed, so an operationType neither the model nor a published answer knows does not compile. */
  operationType: OperationType;
  availabilityZone: string;
  /** Seconds on AWS; 0 completes at once. */
  awsSeconds: number;
  operationDetails?: string;
}

export function recordOperation(
  store: RegionStore,
  clock: Clock,
  spec: OperationSpec,
  failure?: { errorCode: string; errorDetails: string },
): StoredOperation {
  const now = clock.now();
  const op: StoredOperation = {
    id: randomUUID(),
    resourceName: spec.resourceName,
    resourceType: spec.resourceType,
    operationType: spec.operationType,
    operationDetails: spec.operationDetails ?? '',
    availabilityZone: spec.availabilityZone,
    createdAtMs: now,
    completesAtMs: spec.awsSeconds > 0 ? clock.after(spec.awsSeconds) : now,
    failure,
  };
  store.operations[op.id] = op;
  return op;
}

/** The Operation data type as Lightsail returns it, its status derived from the clock. */
export function operationView(op: StoredOperation, region: string, now: number) {
  const done = now >= op.completesAtMs;
  const status = !done ? 'Started' : op.failure ? 'Failed' : 'Succeeded';
  return {
    id: op.id,
    resourceName: op.resourceName,
    resourceType: op.resourceType,
    createdAt: op.createdAtMs / 1000,
    location: { availabilityZone: op.availabilityZone, regionName: region },
    isTerminal: done,
    operationDetails: op.operationDetails,
    operationType: op.operationType,
    status,
    // Started when it was created; Succeeded or Failed when it completed.
    statusChangedAt: (done ? op.completesAtMs : op.createdAtMs) / 1000,
    ...(done && op.failure ? { errorCode: op.failure.errorCode, errorDetails: op.failure.errorDetails } : {}),
  };
}

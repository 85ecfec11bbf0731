import { GetOperationCommand, type Operation } from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import { callLightsail } from './call';
import type { LightsailClients } from './clients';
import { sleep, stillInProgress } from './waiting';

/**
 * A Lightsail operation to wait on, with the region it lives in. A cross-region action such as
 * CopySnapshot returns operations in more than one region, and each can only be read there.
 */
export interface OperationRef {
  id: string;
  region: string;
  resourceName?: string;
  operationType?: string;
  /** The status the action answered with: an operation already done needs no wait. */
  status?: string;
  /** When Lightsail created it: tells the batched watcher how far back to page. */
  createdAtMs?: number;
}

export const OPERATION_FAILED = 'LightsailOperationFailed';

/** The refs of every operation an action returned, not only the first. */
export function operationRefs(operations: Operation[] | undefined, callRegion: string): OperationRef[] {
  return (operations ?? [])
    .filter((op): op is Operation & { id: string } => typeof op.id === 'string')
    .map((op) => ({
      id: op.id,
      region: op.location?.regionName ?? callRegion,
      resourceName: op.resourceName,
      operationType: op.operationType,
      status: op.status,
      createdAtMs: op.createdAt?.getTime(),
    }));
}

/** Reads every operation once; all regions in parallel. */
export async function readOperations(clients: LightsailClients, refs: OperationRef[]): Promise<Operation[]> {
  return Promise.all(
    refs.map(async (ref) => {
      const out = await callLightsail(clients, ref.region, 'GetOperation', (c) =>
        c.send(new GetOperationCommand({ operationId: ref.id })),
      );
      return out.operation ?? { id: ref.id, status: 'NotStarted' };
    }),
  );
}

const DONE = new Set(['Succeeded', 'Completed']);

/** Succeeded or Completed: a status no wait has to see again. */
export function isDone(status: string | undefined): boolean {
  return DONE.has(status ?? '');
}

/**
 * Checks the operations once. Resolves when all have succeeded; throws a non-retryable
 * failure, keeping Lightsail's errorCode and errorDetails, as soon as one has Failed (a Failed
 * operation is final); throws StillInProgress while any is pending.
 */
export async function checkOperations(clients: LightsailClients, refs: OperationRef[]): Promise<void> {
  const operations = await readOperations(
    clients,
    refs.filter((ref) => !isDone(ref.status)),
  );
  const failed = operations.find((op) => op.status === 'Failed');
  if (failed) throw operationFailure(failed);
  const pending = operations.filter((op) => !isDone(op.status));
  if (pending.length > 0) {
    throw stillInProgress(
      `Waiting for ${pending.length} of ${operations.length} operation(s): ${pending
        .map(
          (op) =>
            `${op.operationType ?? 'operation'} on ${op.resourceName ?? op.id} is ${op.status ?? 'unknown'}`,
        )
        .join('; ')}`,
    );
  }
}

export function operationFailure(op: Operation): ApplicationFailure {
  const where = `${op.operationType ?? 'Operation'} on ${op.resourceName ?? '?'} in ${op.location?.regionName ?? '?'}`;
  return ApplicationFailure.create({
    type: OPERATION_FAILED,
    message: `${where} failed: ${op.errorCode ?? 'no error code'}${op.errorDetails ? `: ${op.errorDetails}` : ''}`,
    nonRetryable: true,
    details: [
      {
        operationId: op.id ?? null,
        errorCode: op.errorCode ?? null,
        errorDetails: op.errorDetails ?? null,
        resourceName: op.resourceName ?? null,
        region: op.location?.regionName ?? null,
      },
    ],
  });
}

/**
 * A short wait inside one activity (seconds, such as a tag or a delete): polls with backoff and
 * heartbeats each round, so a worker that dies mid-wait is noticed at the heartbeat timeout.
 */
export async function waitForOperations(
  clients: LightsailClients,
  refs: OperationRef[],
  options: { timeoutMs: number; heartbeat?: () => void; signal?: AbortSignal },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5_000)) {
    try {
      return await checkOperations(clients, refs);
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || err.nonRetryable || Date.now() + delayMs > deadline)
        throw err;
    }
    options.heartbeat?.();
    if (!(await sleep(delayMs, options.signal))) throw new Error('Cancelled while waiting for operations');
  }
}

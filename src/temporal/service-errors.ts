import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { unreachableMessage } from './connect';

/** gRPC statuses that mean the server is not there (any more), rather than that it said no. */
const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

/**
 * A request Temporal did not carry out, in a sentence: the server gone, or its own refusal.
 * `unavailable` tells the API to answer 503 rather than 500.
 */
export function describeServiceError(
  address: string | undefined,
  err: unknown,
): { unavailable: boolean; message: string } | undefined {
  if (!(err instanceof ServiceError) && !isGrpcServiceError(err)) return undefined;
  const grpc: unknown = err instanceof ServiceError ? err.cause : err;
  const code = isGrpcServiceError(grpc) ? Number(grpc.code) : undefined;
  const detail = isGrpcServiceError(grpc) ? grpc.details : grpc instanceof Error ? grpc.message : '';
  if (code === UNAVAILABLE || code === DEADLINE_EXCEEDED) {
    return { unavailable: true, message: unreachableMessage(address, `it stopped answering (${detail})`) };
  }
  return {
    unavailable: false,
    message: `The Temporal server at ${address} did not carry out the request: ${(err as Error).message}${detail ? ` (${detail})` : ''}.`,
  };
}

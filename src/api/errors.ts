import type { FastifyError, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { LightsailUnreadable } from '../dr/lightsail-unreadable';
import { InvalidGateInput } from '../runs/control';
import { InvalidId, RunNotFound, RunRefused, ScheduleExists } from '../runs/errors';
import { InvalidScheduleInput } from '../runs/schedules';
import { InvalidProcedureInput, UnknownProcedure } from '../runs/start';
import { issuePath } from '../schemas/format-issues';
import { describeServiceError } from '../temporal/service-errors';

/** Every error answer: `{"error": {"code", "message", "fields"?: [{"path", "message"}]}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

/** A refusal the API answers as is: status, code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: ApiErrorBody['error']['fields'],
  ) {
    super(message);
  }
}

export function fieldsOf(error: z.ZodError | undefined, prefix: PropertyKey[] = []) {
  return error?.issues.map((i) => ({ path: issuePath([...prefix, ...i.path]), message: i.message }));
}

/** The runs layer's errors, Temporal's and fastify's own, as status codes. */
export function toApiError(err: unknown, temporalAddress?: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof InvalidProcedureInput) {
    return new ApiError(400, 'InvalidInput', err.message, fieldsOf(err.zodError, ['input']));
  }
  if (err instanceof InvalidGateInput)
    return new ApiError(400, 'InvalidInput', err.message, fieldsOf(err.zodError));
  if (err instanceof InvalidScheduleInput) {
    return new ApiError(400, 'InvalidInput', err.message, fieldsOf(err.zodError, err.pathPrefix));
  }
  if (err instanceof UnknownProcedure)
    return new ApiError(400, 'UnknownProcedure', err.message, [{ path: 'procedure', message: err.message }]);
  if (err instanceof InvalidId)
    return new ApiError(400, 'InvalidInput', err.message, [{ path: err.field, message: err.rule }]);
  if (err instanceof RunNotFound) return new ApiError(404, 'NotFound', err.message);
  if (err instanceof RunRefused) return new ApiError(409, 'Refused', err.message);
  if (err instanceof ScheduleExists) return new ApiError(409, 'Conflict', err.message);
  // Lightsail, not this server, failed the read: a gateway's answer, with what Lightsail said.
  if (err instanceof LightsailUnreadable) return new ApiError(502, 'LightsailUnavailable', err.message);
  const temporal = describeServiceError(temporalAddress, err);
  if (temporal?.unavailable)
    return new ApiError(503, 'TemporalUnavailable', temporal.message.replace('\n', ' '));
  const fastify = err as Partial<FastifyError>;
  if (fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new ApiError(413, 'PayloadTooLarge', fastify.message ?? 'The body is too large.');
  if (fastify.statusCode && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new ApiError(fastify.statusCode, 'BadRequest', fastify.message ?? 'Bad request.');
  }
  return new ApiError(500, 'InternalError', 'The request failed on the server; its log says why.');
}

export function sendApiError(reply: FastifyReply, err: ApiError): FastifyReply {
  const body: ApiErrorBody = {
    error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) },
  };
  return reply.code(err.status).send(body);
}

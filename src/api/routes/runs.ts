import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cancelRun, sendGate } from '../../runs/control';
import { describeRun, listRuns, RUN_STATUSES, runSummary } from '../../runs/inspect';
import { requireId } from '../../runs/ids';
import { startProcedure } from '../../runs/start';
import { RunId } from '../../schemas/ids';
import { safeParseInput } from '../../schemas/parse-input';
import { findProcedure } from '../../procedures';
import { GATES, type GateName } from '../../schemas/gates';
import { ApiError, fieldsOf } from '../errors';
import type { ApiContext } from '../context';

export const StartRunBody = z.strictObject({
  procedure: z.string().min(1, 'must name a procedure; GET /procedures lists them'),
  input: z.unknown(),
});

export const ListRunsQuery = z.strictObject({
  procedure: z.string().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  /** Runs whose input named this resource, or this region (their search attributes). */
  resource: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(20),
});

export function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: PropertyKey[] = [],
): z.output<S> {
  const parsed = safeParseInput(schema, value);
  if (!parsed.success) {
    throw new ApiError(
      400,
      'InvalidInput',
      'The request is not valid; see fields.',
      fieldsOf(parsed.error, prefix),
    );
  }
  return parsed.data;
}

export const runId = (value: string): string => requireId(RunId, value, 'id');

export function registerRunRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post('/runs', async (req, reply) => {
    const body = parse(StartRunBody, req.body);
    const header = req.headers['idempotency-key'];
    const key = header === undefined ? undefined : requireId(RunId, String(header), 'Idempotency-Key');
    const run = await startProcedure(ctx.client, ctx.taskQueue, body.procedure, body.input, {
      workflowId: key,
      trigger: 'api',
    });
    if (!run.started) {
      // The key was used before: the same request gets the same run; another procedure is a conflict.
      const existing = await runSummary(ctx.client, run.workflowId);
      if (
        existing.procedure !== body.procedure &&
        existing.procedure !== findProcedure(body.procedure)?.workflowType
      ) {
        throw new ApiError(
          409,
          'Conflict',
          `The Idempotency-Key ${run.workflowId} was used for a ${existing.procedure} run.`,
        );
      }
      return reply
        .code(200)
        .header('location', `/runs/${run.workflowId}`)
        .send({ runId: run.workflowId, started: false, status: existing.status });
    }
    return reply
      .code(201)
      .header('location', `/runs/${run.workflowId}`)
      .send({ runId: run.workflowId, started: true, status: 'running' });
  });

  app.get('/runs', async (req) => {
    const query = parse(ListRunsQuery, req.query);
    return { runs: await listRuns(ctx.client, query) };
  });

  app.get<{ Params: { id: string } }>('/runs/:id', async (req) =>
    describeRun(ctx.client, runId(req.params.id)),
  );

  for (const gate of Object.keys(GATES) as GateName[]) {
    app.post<{ Params: { id: string } }>(`/runs/:id/${gate}`, async (req) => {
      const answer = await sendGate(ctx.client, runId(req.params.id), gate, req.body ?? {});
      return { runId: req.params.id, gate, answer };
    });
  }

  app.post<{ Params: { id: string } }>('/runs/:id/cancel', async (req, reply) => {
    await cancelRun(ctx.client, runId(req.params.id));
    return reply.code(202).send({ runId: req.params.id, status: 'cancelling' });
  });
}

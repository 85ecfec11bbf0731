import type { FastifyInstance } from 'fastify';
import { lockHolder } from '../../locks/lock-holder';
import { planProcedure } from '../../plan/plan-procedure';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { parse, StartRunBody } from './runs';

/**
 * POST /plans: what starting the procedure would do, read from Lightsail and changing nothing.
 * The body is a start's body; bad input is 400 naming the field, as for POST /runs. Answers 200
 * with the plan whether or not its checks pass: `ok` says which.
 */
export function registerPlanRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post('/plans', async (req) => {
    const body = parse(StartRunBody, req.body);
    const clients = ctx.lightsail;
    if (!clients) {
      throw new ApiError(
        503,
        'Unavailable',
        'This API server was started without Lightsail clients for plans.',
      );
    }
    return planProcedure(
      { clients, lockHolder: (lockId) => lockHolder(ctx.client, lockId) },
      body.procedure,
      body.input,
    );
  });
}

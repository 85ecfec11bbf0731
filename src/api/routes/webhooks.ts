import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerTokenMatches, secretMatches } from '../../auth/bearer';
import { ownValue } from '../../own-property';
import { sendGate } from '../../runs/control';
import { requireId } from '../../runs/ids';
import { startProcedure } from '../../runs/start';
import { ApiError } from '../errors';
import type { ApiContext } from '../context';
import { notificationOf, render, type Trigger } from '../triggers';
import { RunId } from '../../schemas/ids';

/** A trigger's own secret (?secret= or the X-Webhook-Secret header), or an API write token. */
function authorizeWebhook(req: FastifyRequest, ctx: ApiContext, trigger: Trigger): void {
  const query = req.query as { secret?: string | string[] };
  // `?secret=a&secret=b` parses as a list: refused, since which one was meant cannot be told.
  if (Array.isArray(query.secret))
    throw new ApiError(400, 'InvalidInput', 'Give ?secret= once.', [
      { path: 'secret', message: 'must be given once' },
    ]);
  const header = req.headers['x-webhook-secret'];
  const offered = query.secret ?? (typeof header === 'string' ? header : undefined);
  if (trigger.secret && secretMatches(offered, trigger.secret)) return;
  if (ctx.tokens.write.length === 0 && ctx.tokens.read.length === 0) return; // local-only
  if (bearerTokenMatches(req.headers.authorization, ctx.tokens.write)) return;
  throw new ApiError(
    401,
    'Unauthorized',
    'Send the trigger secret (?secret=) or Authorization: Bearer <token>.',
  );
}

/**
 * POST /webhooks/:trigger: a notification (SNS, or any JSON) starts a procedure or answers a gate,
 * as the trigger says. Authentication comes first, in the route, because the trigger decides it.
 */
export function registerWebhookRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Params: { trigger: string } }>(
    '/webhooks/:trigger',
    { config: { ownAuth: true } },
    async (req, reply) => {
      const trigger = ownValue(ctx.triggers, req.params.trigger);
      if (!trigger)
        throw new ApiError(
          404,
          'NotFound',
          `No trigger named ${req.params.trigger} is configured (LIGHTSAIL_FLOWS_TRIGGERS).`,
        );
      authorizeWebhook(req, ctx, trigger);
      const notification = notificationOf(req.body);
      if (notification.sns?.Type === 'SubscriptionConfirmation') {
        // No outbound call from here: an operator confirms by opening the URL (it is in the log).
        req.log.warn(
          { trigger: req.params.trigger, subscribeUrl: notification.sns.SubscribeURL },
          'SNS subscription to confirm',
        );
        return {
          subscription: 'confirmation received; open SubscribeURL to confirm it',
          subscribeUrl: notification.sns.SubscribeURL,
        };
      }
      if (notification.alarm?.state && !trigger.alarmStates.includes(notification.alarm.state as never)) {
        return {
          ignored: `the alarm is ${notification.alarm.state}; this trigger acts on ${trigger.alarmStates.join(', ')}`,
        };
      }
      const context = { ...notification, trigger: req.params.trigger };
      let rendered: { input?: unknown; runId?: string };
      try {
        rendered = trigger.start
          ? {
              input: render(trigger.start.input, context),
              runId: trigger.start.runId ? String(render(trigger.start.runId, context)) : undefined,
            }
          : {
              input: render(trigger.gate!.input ?? {}, context),
              runId: String(render(trigger.gate!.runId, context)),
            };
      } catch (err) {
        throw new ApiError(
          400,
          'InvalidInput',
          `The notification does not fit trigger ${req.params.trigger}: ${(err as Error).message}.`,
        );
      }
      if (trigger.gate) {
        const answer = await sendGate(ctx.client, rendered.runId!, trigger.gate.name, rendered.input);
        return { runId: rendered.runId, gate: trigger.gate.name, answer };
      }
      const id =
        rendered.runId ??
        (notification.message.id ? `${req.params.trigger}-${notification.message.id}` : undefined) ??
        (typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined);
      if (id !== undefined) requireId(RunId, id, 'runId');
      const run = await startProcedure(ctx.client, ctx.taskQueue, trigger.start!.procedure, rendered.input, {
        workflowId: id,
        trigger: `webhook:${req.params.trigger}`,
      });
      return reply.code(run.started ? 202 : 200).send({ runId: run.workflowId, started: run.started });
    },
  );
}

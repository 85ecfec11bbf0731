import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createSchedule,
  deleteSchedule,
  describeSchedule,
  listSchedules,
  pauseSchedule,
  resumeSchedule,
} from '../../runs/schedules';
import { requireId } from '../../runs/ids';
import { ScheduleId } from '../../schemas/ids';
import type { ApiContext } from '../context';
import { parse } from './runs';

const NoteBody = z.strictObject({ note: z.string().max(500).optional() });

const scheduleId = (value: string): string => requireId(ScheduleId, value, 'id');

export function registerScheduleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/schedules', async () => ({ schedules: await listSchedules(ctx.client) }));

  app.post('/schedules', async (req, reply) => {
    const created = await createSchedule(ctx.client, ctx.taskQueue, req.body);
    return reply.code(201).header('location', `/schedules/${created.scheduleId}`).send(created);
  });

  app.get<{ Params: { id: string } }>('/schedules/:id', async (req) =>
    describeSchedule(ctx.client, scheduleId(req.params.id)),
  );

  app.delete<{ Params: { id: string } }>('/schedules/:id', async (req, reply) => {
    await deleteSchedule(ctx.client, scheduleId(req.params.id));
    return reply.code(204).send();
  });

  for (const [action, act] of [
    ['pause', pauseSchedule],
    ['resume', resumeSchedule],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/schedules/:id/${action}`, async (req) => {
      const { note } = parse(NoteBody, req.body ?? {});
      await act(ctx.client, scheduleId(req.params.id), note);
      return describeSchedule(ctx.client, req.params.id);
    });
  }
}

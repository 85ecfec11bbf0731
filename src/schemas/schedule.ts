import { z } from 'zod';
import { ScheduleId } from './ids';

/**
 * A schedule that starts a procedure as a runbook (Temporal Schedules underneath): checked by the
 * CLI and the API; its `input` is checked again with the procedure's own schema.
 */

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "90s", "15m", "24h", "7d". */
export const Every = z
  .string()
  .regex(/^\d+[smhd]$/, 'must be a number and a unit: 90s, 15m, 24h or 7d')
  .refine((v) => durationMs(v) >= 1000, { error: 'must be at least 1s' });

export function durationMs(every: string): number {
  const unit = every.slice(-1) as keyof typeof UNIT_MS;
  return Number(every.slice(0, -1)) * UNIT_MS[unit];
}

/** Five fields (minute hour day-of-month month day-of-week), e.g. "0 2 * * *" for 02:00 daily. */
const Cron = z
  .string()
  .trim()
  .regex(
    /^(\S+\s+){4}\S+$/,
    'must have five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * *"',
  );

export const ScheduleInput = z
  .strictObject({
    scheduleId: ScheduleId,
    procedure: z.string().min(1, 'must name a procedure; `lightsail-flows procedures` lists them'),
    input: z.unknown(),
    every: Every.optional(),
    cron: Cron.optional(),
    /** IANA time zone of the cron expression, e.g. Europe/Paris (UTC by default). */
    timezone: z.string().min(1).optional(),
    /** What happens when a run is due while the last one still runs. */
    overlap: z.enum(['skip', 'buffer-one', 'allow-all']).default('skip'),
    paused: z.boolean().default(false),
    note: z.string().max(500).optional(),
  })
  .refine((s) => (s.every === undefined) !== (s.cron === undefined), {
    error: 'give exactly one of every (e.g. "24h") and cron (e.g. "0 2 * * *")',
    path: ['every'],
  });

export type ScheduleInput = z.input<typeof ScheduleInput>;

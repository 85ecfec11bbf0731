import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { PROCEDURES, type Procedure } from '../procedures';
import { formatIssues } from '../schemas/format-issues';
import { ScheduleId } from '../schemas/ids';
import { safeParseInput } from '../schemas/parse-input';
import { durationMs, ScheduleInput } from '../schemas/schedule';
import { RunNotFound, ScheduleExists } from './errors';
import { requireId } from './ids';
import { runMetadata } from './run-metadata';
import { InvalidProcedureInput, UnknownProcedure, validateProcedureInput } from './start';

/** A schedule's input that fails its schema: the CLI exits 2, the API answers 400 with the fields. */
export class InvalidScheduleInput extends Error {
  override name = 'InvalidScheduleInput';
  constructor(
    message: string,
    readonly zodError?: z.ZodError,
    /** Where the fields of zodError sit in the request: under `input` for the procedure's own. */
    readonly pathPrefix: PropertyKey[] = [],
  ) {
    super(message);
  }
}

export interface ScheduleView {
  scheduleId: string;
  procedure: string;
  every?: string;
  cron?: string;
  paused: boolean;
  note?: string;
  nextRunAt?: string;
  recentRuns: { runId: string; startedAt: string }[];
}

const OVERLAP = { skip: 'SKIP', 'buffer-one': 'BUFFER_ONE', 'allow-all': 'ALLOW_ALL' } as const;

function procedureOf(workflowType: string | undefined): string {
  return (
    Object.entries(PROCEDURES).find(([, p]) => p.workflowType === workflowType)?.[0] ?? workflowType ?? '?'
  );
}

/**
 * Checks a schedule and its procedure's input, before any connection (so the CLI refuses it with
 * exit 2 even with no server), naming the bad fields.
 */
export function validateSchedule(raw: unknown): {
  schedule: z.output<typeof ScheduleInput>;
  procedure: Procedure;
  /** The procedure's input as its schema parsed it (defaults filled in). */
  input: unknown;
} {
  const parsed = safeParseInput(ScheduleInput, raw);
  if (!parsed.success)
    throw new InvalidScheduleInput(
      `Invalid schedule:\n${formatIssues(parsed.error, { prefix: '  ' })}`,
      parsed.error,
    );
  const schedule = parsed.data;
  try {
    const checked = validateProcedureInput(schedule.procedure, schedule.input);
    return { schedule, procedure: checked.procedure, input: checked.input };
  } catch (err) {
    if (err instanceof InvalidProcedureInput) {
      throw new InvalidScheduleInput(
        `Invalid schedule: its input ${err.message.replace(/^Invalid input/, 'is invalid')}`,
        err.zodError,
        ['input'],
      );
    }
    if (err instanceof UnknownProcedure) {
      const issue = {
        code: 'custom' as const,
        path: ['procedure'],
        message: err.message,
        input: schedule.procedure,
      };
      throw new InvalidScheduleInput(`Invalid schedule: procedure: ${err.message}`, new z.ZodError([issue]));
    }
    throw err;
  }
}

/**
 * Creates a schedule that starts `procedure` with `input` every interval or on a cron
 * expression. Both the schedule and the procedure's input are checked first: nothing is created
 * when either is bad. Runs it starts are named `<scheduleId>-<time>` by Temporal.
 */
export async function createSchedule(client: Client, taskQueue: string, raw: unknown): Promise<ScheduleView> {
  const { schedule: s, procedure, input } = validateSchedule(raw);
  try {
    await client.schedule.create({
      scheduleId: s.scheduleId,
      spec: s.every
        ? { intervals: [{ every: durationMs(s.every) }] }
        : { cronExpressions: [s.cron!], timezone: s.timezone },
      action: {
        type: 'startWorkflow',
        workflowType: procedure.workflowType,
        workflowId: s.scheduleId,
        taskQueue,
        args: [s.input],
        // Every run the schedule starts carries what it is and which schedule started it.
        ...(await runMetadata(client, procedure, input, `schedule:${s.scheduleId}`)),
      },
      policies: { overlap: OVERLAP[s.overlap] },
      // Temporal describes a cron as calendars; the memo keeps what the user wrote, to show it back.
      memo: { procedure: s.procedure, ...(s.every ? { every: s.every } : { cron: s.cron }) },
      state: { paused: s.paused, note: s.note },
    });
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) throw new ScheduleExists(s.scheduleId);
    throw err;
  }
  return describeSchedule(client, s.scheduleId);
}

export async function describeSchedule(client: Client, scheduleId: string): Promise<ScheduleView> {
  requireId(ScheduleId, scheduleId, 'schedule id');
  try {
    const d = await client.schedule.getHandle(scheduleId).describe();
    const action = d.action.type === 'startWorkflow' ? d.action : undefined;
    const memo = (d.memo ?? {}) as { procedure?: string; every?: string; cron?: string };
    return {
      scheduleId,
      procedure: memo.procedure ?? procedureOf(action?.workflowType),
      ...(memo.every ? { every: memo.every } : {}),
      ...(memo.cron ? { cron: memo.cron } : {}),
      paused: d.state.paused,
      ...(d.state.note ? { note: d.state.note } : {}),
      ...(d.info.nextActionTimes[0] ? { nextRunAt: d.info.nextActionTimes[0].toISOString() } : {}),
      recentRuns: d.info.recentActions.map((a) => ({
        runId: a.action.workflow.workflowId,
        startedAt: a.takenAt.toISOString(),
      })),
    };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new RunNotFound(scheduleId, 'schedule');
    throw err;
  }
}

export async function listSchedules(client: Client): Promise<ScheduleView[]> {
  const ids: string[] = [];
  for await (const s of client.schedule.list()) ids.push(s.scheduleId);
  return Promise.all(ids.map((id) => describeSchedule(client, id)));
}

async function withSchedule(
  client: Client,
  scheduleId: string,
  act: (h: ReturnType<Client['schedule']['getHandle']>) => Promise<void>,
): Promise<void> {
  requireId(ScheduleId, scheduleId, 'schedule id');
  try {
    await act(client.schedule.getHandle(scheduleId));
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new RunNotFound(scheduleId, 'schedule');
    throw err;
  }
}

export const pauseSchedule = (client: Client, id: string, note?: string) =>
  withSchedule(client, id, (h) => h.pause(note));
export const resumeSchedule = (client: Client, id: string, note?: string) =>
  withSchedule(client, id, (h) => h.unpause(note));
export const deleteSchedule = (client: Client, id: string) => withSchedule(client, id, (h) => h.delete());

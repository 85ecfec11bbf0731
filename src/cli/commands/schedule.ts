import type { Command } from 'commander';
import {
  createSchedule,
  deleteSchedule,
  InvalidScheduleInput,
  listSchedules,
  pauseSchedule,
  resumeSchedule,
  validateSchedule,
} from '../../runs/schedules';
import { findProcedure } from '../../procedures';
import { collectSet, inputFromFlags, type SetFlag } from '../input-flags';
import { withClient } from '../run-client';
import { UsageError } from '../usage-error';

interface CreateOptions {
  every?: string;
  cron?: string;
  timezone?: string;
  input?: string;
  set?: SetFlag[];
  overlap: string;
  paused?: boolean;
  note?: string;
}

/** schedule create|list|pause|resume|delete: procedures as runbooks, over Temporal Schedules. */
export function registerSchedule(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('run a procedure on a schedule (Temporal Schedules): create, list, pause, resume, delete');

  schedule
    .command('create')
    .description('create a schedule that starts a procedure every interval or on a cron expression')
    .argument('<schedule-id>', 'a name for the schedule; its runs are named <schedule-id>-<time>')
    .argument('<procedure>', 'the procedure to start, e.g. copy-snapshot')
    .option('--every <interval>', 'e.g. 24h, 30m, 90s')
    .option('--cron <expression>', 'five fields, e.g. "0 2 * * *" for 02:00 every day')
    .option('--timezone <zone>', "the cron expression's time zone, e.g. Europe/Paris (default UTC)")
    .option('-i, --input <file>', "the procedure's input as a JSON file, or - for standard input")
    .option('--set <path=value>', 'set one input field (repeatable; over --input)', collectSet)
    .option(
      '--overlap <policy>',
      'when a run is due while the last still runs: skip, buffer-one, allow-all',
      'skip',
    )
    .option('--paused', 'create it paused')
    .option('--note <text>', 'a note shown with the schedule')
    .addHelpText(
      'after',
      '\nExample (the nightly DR runbook in the README):\n  lightsail-flows schedule create nightly-dr copy-snapshot --cron "0 2 * * *" --input examples/nightly-dr.json',
    )
    .action(async (scheduleId: string, procedure: string, opts: CreateOptions) => {
      const schedule = {
        scheduleId,
        procedure,
        input: inputFromFlags(opts, findProcedure(procedure)?.schema),
        every: opts.every,
        cron: opts.cron,
        timezone: opts.timezone,
        overlap: opts.overlap,
        paused: opts.paused ?? false,
        note: opts.note,
      };
      // Refused before connecting, so a bad schedule exits 2 even with no server.
      try {
        validateSchedule(schedule);
      } catch (err) {
        throw err instanceof InvalidScheduleInput ? new UsageError(err.message) : err;
      }
      await withClient(async (client, config) => {
        const created = await createSchedule(client, config.taskQueue, schedule);
        console.log(
          `Created schedule ${created.scheduleId}: ${created.procedure} ${created.every ? `every ${created.every}` : `on "${created.cron}"`}${created.paused ? ' (paused)' : `, next run at ${created.nextRunAt ?? '?'}`}`,
        );
      });
    });

  schedule
    .command('list')
    .description('the schedules, with their next run and recent runs')
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withClient(async (client) => {
        const schedules = await listSchedules(client);
        if (opts.json) {
          console.log(JSON.stringify(schedules, null, 2));
          return;
        }
        if (schedules.length === 0)
          console.log('No schedules. Create one with `lightsail-flows schedule create`.');
        for (const s of schedules) {
          const when = s.every ? `every ${s.every}` : `on "${s.cron}"`;
          const state = s.paused ? 'paused' : `next ${s.nextRunAt ?? '-'}`;
          const last = s.recentRuns.at(-1);
          console.log(
            `${s.scheduleId}  ${s.procedure}  ${when}  ${state}${last ? `  last run ${last.runId}` : ''}`,
          );
        }
      });
    });

  for (const [name, description, act] of [
    ['pause', 'pause a schedule: no runs start until it is resumed', pauseSchedule],
    ['resume', 'resume a paused schedule', resumeSchedule],
  ] as const) {
    schedule
      .command(name)
      .description(description)
      .argument('<schedule-id>')
      .option('--note <text>', 'why, shown with the schedule')
      .action(async (scheduleId: string, opts: { note?: string }) => {
        await withClient(async (client) => {
          await act(client, scheduleId, opts.note);
          console.log(`${name === 'pause' ? 'Paused' : 'Resumed'} schedule ${scheduleId}.`);
        });
      });
  }

  schedule
    .command('delete')
    .description('delete a schedule (runs it started are not affected)')
    .argument('<schedule-id>')
    .action(async (scheduleId: string) => {
      await withClient(async (client) => {
        await deleteSchedule(client, scheduleId);
        console.log(`Deleted schedule ${scheduleId}.`);
      });
    });
}

import type { Command } from 'commander';
import { drillReport } from '../../runs/drill-report';
import { describeRun, listRuns, RUN_STATUSES, type RunDetails, type RunStatus } from '../../runs/inspect';
import { runDuration } from '../duration';
import { stepElapsed, stepMark } from '../live-progress';
import { withClient } from '../run-client';
import { UserFacingError } from '../../user-facing-error';
import { EXIT_FAILURE, UsageError } from '../usage-error';

const STATUSES: readonly RunStatus[] = RUN_STATUSES;

function render(run: RunDetails): string {
  const lines = [
    `Run ${run.runId} (${run.procedure}): ${run.status}, started ${run.startedAt}, ${run.closedAt ? `took` : 'running for'} ${runDuration(run.startedAt, run.closedAt)}`,
  ];
  for (const s of run.progress?.steps ?? []) {
    lines.push(`  ${stepMark(s.state)} ${s.title}${stepElapsed(s)}${s.detail ? `: ${s.detail}` : ''}`);
  }
  for (const [k, v] of Object.entries(run.progress?.facts ?? {})) lines.push(`    ${k}: ${v}`);
  for (const r of run.progress?.resources ?? [])
    lines.push(`    ${r.action} ${r.type} ${r.name} in ${r.region}`);
  if (run.progressMissing === 'not-recorded') {
    lines.push(
      run.failure
        ? '  (no steps: the run was refused before its first step; the failure below says why)'
        : '  (this run reports no steps)',
    );
  } else if (!run.progress) lines.push('  (no worker answered the progress query; is one running?)');
  if (run.failure)
    lines.push(`Failure: ${run.failure.type ? `${run.failure.type}: ` : ''}${run.failure.message}`);
  if (run.result !== undefined) lines.push(`Result:\n${JSON.stringify(run.result, null, 2)}`);
  return lines.join('\n');
}

interface ListOptions {
  procedure?: string;
  status?: string;
  resource?: string;
  region?: string;
  limit: number;
  json?: boolean;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("a run's state, steps, resources and result or failure")
    .argument('<run>', 'the run id')
    .option('--json', 'print the whole status as JSON')
    .option('--report', "a drill's report: its markdown table (with --json, the report itself)")
    .action(async (runId: string, opts: { json?: boolean; report?: boolean }) => {
      await withClient(async (client) => {
        if (opts.report) {
          const report = await drillReport(client, runId);
          if (!report) {
            throw new UserFacingError(
              `Run ${runId} has no report: only a drill (dr-drill) that has ended with its measurements has one.`,
              EXIT_FAILURE,
            );
          }
          console.log(opts.json ? JSON.stringify(report, null, 2) : report.markdown);
          return;
        }
        const run = await describeRun(client, runId);
        console.log(opts.json ? JSON.stringify(run, null, 2) : render(run));
      });
    });

  program
    .command('list')
    .description('the recent runs of the procedures, newest first, with their state')
    .option('--procedure <name>', 'only runs of this procedure')
    .option('--status <status>', `only runs in this state: ${STATUSES.join(', ')}`)
    .option('--resource <name>', 'only runs whose input names this resource (snapshot, instance, service...)')
    .option('--region <region>', 'only runs that read or change this region')
    .option('-n, --limit <n>', 'how many runs', (v) => Number(v), 20)
    .option('--json', 'print the list as JSON')
    .action(async (opts: ListOptions) => {
      if (opts.status !== undefined && !STATUSES.includes(opts.status as RunStatus)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}; got "${opts.status}".`);
      }
      if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 1000) {
        throw new UsageError('--limit must be a whole number from 1 to 1000.');
      }
      await withClient(async (client) => {
        const runs = await listRuns(client, {
          limit: opts.limit,
          procedure: opts.procedure,
          status: opts.status as RunStatus | undefined,
          resource: opts.resource,
          region: opts.region,
        });
        if (opts.json) {
          console.log(JSON.stringify(runs, null, 2));
          return;
        }
        if (runs.length === 0) {
          console.log(noRunsMessage(opts));
          return;
        }
        const rows = runs.map((r) => [
          r.runId,
          r.procedure,
          r.status,
          r.startedAt,
          runDuration(r.startedAt, r.closedAt),
        ]);
        const header = ['RUN', 'PROCEDURE', 'STATUS', 'STARTED', 'DURATION'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
        for (const row of [header, ...rows])
          console.log(
            row
              .map((c, i) => c.padEnd(widths[i]!))
              .join('  ')
              .trimEnd(),
          );
      });
    });
}

/** Nothing to list: with filters, it says which matched nothing rather than that no run exists. */
function noRunsMessage(filters: { procedure?: string; status?: string }): string {
  if (filters.procedure === undefined && filters.status === undefined)
    return 'No runs yet. Start one with `lightsail-flows start <procedure>`.';
  const which = [filters.status, filters.procedure].filter((f) => f !== undefined).join(' ');
  return `No ${which} runs. \`lightsail-flows list\` without --procedure and --status shows every recent run.`;
}

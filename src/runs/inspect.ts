import {
  QueryNotRegisteredError,
  WorkflowFailedError,
  type Client,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { findProcedure, PROCEDURES } from '../procedures';
import { RunId } from '../schemas/ids';
import { PROGRESS_QUERY, type RunProgress } from '../schemas/progress';
import { RunNotFound, RunRefused } from './errors';
import { requireId } from './ids';
import { SEARCH_ATTRIBUTES, searchAttributesRegistered } from './search-attributes';
import { UnknownProcedure } from './start';

export type RunStatus =
  'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed-out' | 'continued';

/** The states a run can be listed by (the CLI's --status, the API's ?status=). */
export const RUN_STATUSES = [
  'running',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'timed-out',
] as const;

export interface RunSummary {
  runId: string;
  /** The procedure's short name, or the workflow type when it is not one of ours. */
  procedure: string;
  status: RunStatus;
  startedAt: string;
  closedAt?: string;
}

export interface RunDetails extends RunSummary {
  /** Absent when no worker answered the query in time (a closed run needs one to be read). */
  progress?: RunProgress;
  /** Why progress is absent. */
  progressMissing?: ProgressMissing;
  result?: unknown;
  failure?: { type?: string; message: string };
}

const STATUS: Record<string, RunStatus> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed-out',
  CONTINUED_AS_NEW: 'continued',
};

/** The names list queries use for ExecutionStatus, which differ from the describe ones. */
const VISIBILITY_STATUS: Record<RunStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  'timed-out': 'TimedOut',
  continued: 'ContinuedAsNew',
};

/** How long a progress query may take: a closed run is answered by a worker replaying it. */
const QUERY_TIMEOUT_MS = 3000;

function procedureOf(workflowType: string): string {
  return Object.entries(PROCEDURES).find(([, p]) => p.workflowType === workflowType)?.[0] ?? workflowType;
}

function summaryOf(info: Omit<WorkflowExecutionInfo, 'raw'>): RunSummary {
  return {
    runId: info.workflowId,
    procedure: procedureOf(info.type),
    status: STATUS[info.status.name] ?? 'running',
    startedAt: info.startTime.toISOString(),
    ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
  };
}

/**
 * Why a run's details have no progress: `not-recorded` when the run answered without any (it was
 * refused before its first step, e.g. at input validation), `no-answer` when no worker answered.
 */
export type ProgressMissing = 'not-recorded' | 'no-answer';

export async function queryProgress(
  client: Client,
  runId: string,
): Promise<{ progress: RunProgress } | { progressMissing: ProgressMissing }> {
  const handle = client.workflow.getHandle(runId);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ progressMissing: ProgressMissing }>((resolve) => {
    timer = setTimeout(() => resolve({ progressMissing: 'no-answer' }), QUERY_TIMEOUT_MS);
  });
  const query = handle.query<RunProgress>(PROGRESS_QUERY).then(
    (progress) => ({ progress }),
    // A worker answered, but the run never registered the query: it failed before it could.
    (err: unknown) =>
      ({
        progressMissing: err instanceof QueryNotRegisteredError ? 'not-recorded' : 'no-answer',
      }) as const,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A run's procedure and state only: one describe call, for checks before acting on a run. */
export async function runSummary(client: Client, runId: string): Promise<RunSummary> {
  // Every read and control of a run passes here first, so no command reaches Temporal with an id
  // the API could not read back.
  requireId(RunId, runId, 'run id');
  try {
    return summaryOf(await client.workflow.getHandle(runId).describe());
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new RunNotFound(runId);
    throw err;
  }
}

/** A run's state, progress and, once it has ended, its result or failure. */
export async function describeRun(client: Client, runId: string): Promise<RunDetails> {
  const handle = client.workflow.getHandle(runId);
  const details: RunDetails = {
    ...(await runSummary(client, runId)),
    ...(await queryProgress(client, runId)),
  };
  if (details.status === 'completed') {
    details.result = await handle.result();
  } else if (details.status !== 'running') {
    try {
      await handle.result();
    } catch (err) {
      const cause = err instanceof WorkflowFailedError ? (err.cause ?? err) : (err as Error);
      const type = 'type' in cause && typeof cause.type === 'string' ? cause.type : undefined;
      details.failure = { ...(type ? { type } : {}), message: cause.message };
    }
  }
  return details;
}

const quoted = (value: string) => `'${value.replace(/['\\]/g, '')}'`;

/**
 * The most recent runs of this project's procedures, newest first. `resource` and `region` find
 * the runs whose input named them, through the runs' search attributes.
 */
export async function listRuns(
  client: Client,
  options: {
    limit?: number;
    procedure?: string;
    status?: RunStatus;
    resource?: string;
    region?: string;
  } = {},
): Promise<RunSummary[]> {
  // Only known names reach the visibility query: anything else is refused, not quoted into it.
  const procedure = options.procedure === undefined ? undefined : findProcedure(options.procedure);
  if (options.procedure !== undefined && !procedure) throw new UnknownProcedure(options.procedure);
  const types = procedure ? [procedure.workflowType] : Object.values(PROCEDURES).map((p) => p.workflowType);
  let query = `WorkflowType IN (${types.map(quoted).join(', ')})`;
  const status = options.status ? VISIBILITY_STATUS[options.status] : undefined;
  if (status) query += ` AND ExecutionStatus = '${status}'`;
  if (options.resource !== undefined || options.region !== undefined) {
    // Without the attributes the server would answer an opaque "Failed to list workflows".
    if (!(await searchAttributesRegistered(client))) {
      throw new RunRefused(
        'Listing by resource or region needs the search attributes this namespace lacks: see docs/production-stack.md, "Search attributes".',
      );
    }
    // On a keyword list, `=` means "has this value".
    if (options.resource !== undefined)
      query += ` AND ${SEARCH_ATTRIBUTES.resources.name} = ${quoted(options.resource)}`;
    if (options.region !== undefined)
      query += ` AND ${SEARCH_ATTRIBUTES.regions.name} = ${quoted(options.region)}`;
  }
  const runs: RunSummary[] = [];
  for await (const info of client.workflow.list({ query })) {
    runs.push(summaryOf(info));
    if (runs.length >= (options.limit ?? 20)) break;
  }
  return runs;
}

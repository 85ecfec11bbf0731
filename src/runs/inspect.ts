import {
  QueryNotRegisteredError,
  WorkflowFailedError,
  type Client,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { PROCEDURES } from '../procedures';
import { PROGRESS_QUERY, type RunProgress } from '../schemas/progress';
import { RunNotFound } from './errors';

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

/** The most recent runs of this project's procedures, newest first. */
export async function listRuns(
  client: Client,
  options: { limit?: number; procedure?: string; status?: RunStatus } = {},
): Promise<RunSummary[]> {
  const types = options.procedure
    ? [PROCEDURES[options.procedure]?.workflowType ?? options.procedure]
    : Object.values(PROCEDURES).map((p) => p.workflowType);
  let query = `WorkflowType IN (${types.map((t) => `'${t.replace(/'/g, '')}'`).join(', ')})`;
  const status = options.status ? VISIBILITY_STATUS[options.status] : undefined;
  if (status) query += ` AND ExecutionStatus = '${status}'`;
  const runs: RunSummary[] = [];
  for await (const info of client.workflow.list({ query })) {
    runs.push(summaryOf(info));
    if (runs.length >= (options.limit ?? 20)) break;
  }
  return runs;
}

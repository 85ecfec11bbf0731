import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import { findProcedure, PROCEDURES, type Procedure } from '../procedures';
import { formatIssues } from '../schemas/format-issues';
import { RunId } from '../schemas/ids';
import { safeParseInput } from '../schemas/parse-input';
import { RunbookNotFound, withRegisteredRunbook } from '../runbooks/registry';
import { RUN_RUNBOOK_WORKFLOW } from '../schemas/runbook';
import { requireId } from './ids';
import { runMetadata, type RunTrigger } from './run-metadata';

/** Input that fails a procedure's schema; `issues` has one line per field. */
export class InvalidProcedureInput extends Error {
  override name = 'InvalidProcedureInput';
  constructor(
    readonly procedure: string,
    readonly zodError: z.ZodError,
  ) {
    super(`Invalid input for ${procedure}:\n${formatIssues(zodError, { prefix: '  ' })}`);
  }
}

export class UnknownProcedure extends Error {
  override name = 'UnknownProcedure';
  constructor(name: string) {
    super(`Unknown procedure "${name}". Procedures: ${Object.keys(PROCEDURES).join(', ')}`);
  }
}

export interface StartedRun {
  handle: WorkflowHandle;
  workflowId: string;
  /** False when a run with this id already existed: the id makes starts idempotent. */
  started: boolean;
}

/** Finds the procedure and checks its input with the procedure's schema, before any connection. */
export function validateProcedureInput(
  name: string,
  rawInput: unknown,
): { procedure: Procedure; input: unknown } {
  const procedure = findProcedure(name);
  if (!procedure) throw new UnknownProcedure(name);
  if (procedure.workflowType === RUN_RUNBOOK_WORKFLOW) rawInput = registeredOrRefused(name, rawInput);
  const parsed = safeParseInput(procedure.schema, rawInput);
  if (!parsed.success) throw new InvalidProcedureInput(name, parsed.error);
  return { procedure, input: parsed.data };
}

/** A runbook named in the input, read from the registered folder; a missing one is bad input. */
function registeredOrRefused(procedure: string, rawInput: unknown): unknown {
  try {
    return withRegisteredRunbook(rawInput);
  } catch (err) {
    if (!(err instanceof RunbookNotFound)) throw err;
    const issue = {
      code: 'custom' as const,
      path: ['runbook', 'name'],
      message: err.message,
      input: rawInput,
    };
    throw new InvalidProcedureInput(procedure, new z.ZodError([issue]));
  }
}

/**
 * Validates a procedure's input with its schema and starts it. Nothing starts when the input is
 * bad. Starting twice with the same id returns the existing run instead of a second one.
 */
export async function startProcedure(
  client: Client,
  taskQueue: string,
  name: string,
  rawInput: unknown,
  options: { workflowId?: string; trigger?: RunTrigger } = {},
): Promise<StartedRun> {
  const { procedure, input } = validateProcedureInput(name, rawInput);
  const workflowId =
    options.workflowId === undefined
      ? `${name}-${randomUUID().slice(0, 8)}`
      : requireId(RunId, options.workflowId, 'run id');
  try {
    const handle = await client.workflow.start(procedure.workflowType, {
      taskQueue,
      workflowId,
      args: [input],
      // What the run is, for the Web UI and `list`: summary, details and search attributes.
      ...(await runMetadata(client, procedure, input, options.trigger)),
      // A second start with the same id, running or closed, is refused by the server and
      // answered below with the existing run.
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return { handle, workflowId, started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { handle: client.workflow.getHandle(workflowId), workflowId, started: false };
  }
}

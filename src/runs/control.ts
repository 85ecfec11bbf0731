import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import { WorkflowNotFoundError } from '@temporalio/common';
import { GATES, type GateName } from '../schemas/gates';
import { formatIssues } from '../schemas/format-issues';
import { RunNotFound, RunRefused } from './errors';
import { runSummary } from './inspect';

/** Gate input that fails its schema: the CLI exits 2, the API answers 400 with the fields. */
export class InvalidGateInput extends Error {
  override name = 'InvalidGateInput';
  constructor(
    message: string,
    readonly zodError?: z.ZodError,
  ) {
    super(message);
  }
}

/**
 * Sends a gate (approve, reject, rollback) to a run and returns the run's answer. The input is
 * checked here with the same schema the workflow's validator uses; the run may still refuse
 * (RunRefused) when the gate does not apply now, e.g. approve when it is not waiting.
 */
export async function sendGate(client: Client, runId: string, gate: GateName, raw: unknown): Promise<string> {
  const parsed = GATES[gate].safeParse(raw ?? {});
  if (!parsed.success) throw new InvalidGateInput(`${gate}: ${formatIssues(parsed.error)}`, parsed.error);
  const run = await runSummary(client, runId);
  if (run.status !== 'running')
    throw new RunRefused(`${gate}: run ${runId} has already ended (${run.status}).`);
  try {
    return await client.workflow
      .getHandle(runId)
      .executeUpdate<string, [unknown]>(gate, { args: [parsed.data] });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new RunNotFound(runId);
    if (err instanceof WorkflowUpdateFailedError) {
      const reason = err.cause?.message ?? err.message;
      // A procedure without this gate has no handler: say so in the user's terms.
      if (/not (found|registered)|unknown update/i.test(reason)) {
        throw new RunRefused(`${gate}: a ${run.procedure} run has no ${gate} gate.`);
      }
      throw new RunRefused(reason);
    }
    throw err;
  }
}

/** Asks a run to cancel: it rolls back what it made, as on any failure, and ends cancelled. */
export async function cancelRun(client: Client, runId: string): Promise<void> {
  const run = await runSummary(client, runId);
  if (run.status !== 'running')
    throw new RunRefused(`cancel: run ${runId} has already ended (${run.status}).`);
  await client.workflow.getHandle(runId).cancel();
}

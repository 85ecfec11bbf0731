import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import { WorkflowNotFoundError } from '@temporalio/common';
import { findProcedure } from '../procedures';
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
  const gates = findProcedure(run.procedure)?.gates;
  // Refused here rather than by the run: a procedure without the gate has no handler to explain.
  if (gates && !gates.includes(gate)) throw new RunRefused(noSuchGate(run.procedure, runId, gate));
  try {
    return await client.workflow
      .getHandle(runId)
      .executeUpdate<string, [unknown]>(gate, { args: [parsed.data] });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new RunNotFound(runId);
    if (err instanceof WorkflowUpdateFailedError) {
      const reason = err.cause?.message ?? err.message;
      // A run of another version of the procedure may lack the handler: say so in the user's terms.
      if (/no registered handler|not (found|registered)|unknown update/i.test(reason)) {
        throw new RunRefused(noSuchGate(run.procedure, runId, gate));
      }
      throw new RunRefused(reason);
    }
    throw err;
  }
}

/** Why a run cannot take this gate, and what to do instead: cancel it. */
function noSuchGate(procedure: string, runId: string, gate: GateName): string {
  const why = gate === 'rollback' ? '' : ': they do not wait for approval';
  return `${procedure} runs have no ${gate} gate${why}. To stop this one, cancel it with \`lightsail-flows cancel ${runId}\` (POST /runs/${runId}/cancel); it deletes what it created.`;
}

/** Asks a run to cancel: it rolls back what it made, as on any failure, and ends cancelled. */
export async function cancelRun(client: Client, runId: string): Promise<void> {
  const run = await runSummary(client, runId);
  if (run.status !== 'running')
    throw new RunRefused(`cancel: run ${runId} has already ended (${run.status}).`);
  await client.workflow.getHandle(runId).cancel();
}

import { upsertMemo, workflowInfo } from '@temporalio/workflow';
import { resolveTemplates, type Scope } from '../src/runbooks/expressions';
import type { Step } from '../src/runbooks/format';
import { resolveParameters } from '../src/runbooks/params';
import { sha256Hex } from '../src/runbooks/sha256';
import { validateRunbook } from '../src/runbooks/validate';
import { RUN_RUNBOOK_WORKFLOW, RunbookInput, type RunbookResult } from '../src/schemas/runbook';
import { RunbookGates } from './runbook/gates';
import { runSteps, stepFailure, type RunContext } from './runbook/steps';
import { activityProxies } from './support/activity-proxies';
import { Compensations } from './support/compensations';
import { runFailure } from './support/failures';
import { Progress } from './support/progress';
import { runSuffix } from './support/run-names';
import { validateInput } from './support/validate-input';

/**
 * Runs a user's runbook (src/runbooks/format.ts): its steps in order, each `call` through one
 * generic activity with its operations awaited, waits that cost a few events however long,
 * approvals through the approve/reject updates, and on failure or cancellation the undos of the
 * steps done, newest first. The runbook's text is in the input, so a replay runs the runbook the
 * run started with; its SHA-256 is in the memo and the progress.
 */
export async function runRunbook(rawInput: RunbookInput): Promise<RunbookResult> {
  // The schema checks the runbook (shape, model, expressions, references) and the parameters.
  const input = validateInput(RUN_RUNBOOK_WORKFLOW, RunbookInput, rawInput);
  const runbook = validateRunbook(input.runbook.text).runbook!;
  const { params } = resolveParameters(runbook, input.params);
  const sha256 = sha256Hex(input.runbook.text);
  upsertMemo({ runbook: runbook.runbook, runbookSha256: sha256 });

  const progress = new Progress(RUN_RUNBOOK_WORKFLOW);
  progress.fact('runbook', runbook.runbook);
  progress.fact('sha256', sha256.slice(0, 12));
  for (const step of runbook.steps) progress.plan(step.id, `${step.id}: ${stepTitle(step)}`);

  const ctx: RunContext = {
    progress,
    proxies: activityProxies(input.poll),
    poll: input.poll,
    gates: new RunbookGates(),
    region: runbook.region,
    saga: new Compensations(),
  };
  const scope: Scope = { params, steps: {}, run: { id: workflowInfo().workflowId, suffix: runSuffix() } };
  try {
    await runSteps(ctx, runbook.steps, scope, true);
    let outputs: Record<string, unknown>;
    try {
      outputs = resolveTemplates(runbook.outputs, scope);
    } catch (err) {
      throw stepFailure('outputs', err);
    }
    progress.setStatus('succeeded');
    return { runbook: runbook.runbook, sha256, outputs, steps: progress.timings() };
  } catch (err) {
    progress.setStatus('compensating');
    await ctx.saga.run(progress);
    progress.setStatus('failed');
    throw runFailure(err);
  }
}

/** The step's line in the progress: what it does, never its parameters (they may hold secrets). */
function stepTitle(step: Step): string {
  switch (step.kind) {
    case 'call':
      return step.call;
    case 'waitFor':
      return `wait for ${step.waitFor}: ${step.until}`;
    case 'approve':
      return 'approval';
    case 'httpCheck':
      return 'HTTP check';
    case 'sleep':
      return `sleep ${step.sleep}`;
    case 'fail':
      return 'fail';
    case 'forEach':
      return `for each of ${step.forEach}`;
    case 'procedure':
      return `procedure ${step.procedure}`;
  }
}

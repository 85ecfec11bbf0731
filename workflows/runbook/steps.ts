import {
  ActivityFailure,
  ApplicationFailure,
  executeChild,
  isCancellation,
  sleep,
  TimeoutFailure,
  workflowInfo,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import type { Activities } from '../../activities';
import { findProcedure } from '../../src/procedures';
import {
  bindTemplates,
  evaluate,
  ExpressionError,
  resolveTemplates,
  type Scope,
} from '../../src/runbooks/expressions';
import type {
  CallStep,
  ForEachStep,
  HttpCheckStep,
  Step,
  UndoCall,
  WaitForStep,
} from '../../src/runbooks/format';
import type { PollSchedule } from '../../src/schemas/common';
import { durationMs } from '../../src/schemas/migrate-instance';
import type { activityProxies } from '../support/activity-proxies';
import { proxyActivitiesWithSummaries } from '../support/activity-summaries';
import { Compensations } from '../support/compensations';
import { rootMessage, type Progress } from '../support/progress';
import type { RunbookGates } from './gates';

/** Failure types a runbook's own steps raise, so callers can tell them apart. */
export const RUNBOOK_FAILURES = {
  failStep: 'RunbookFailStep',
  rejected: 'RunbookRejected',
  approvalTimedOut: 'ApprovalTimedOut',
  waitTimedOut: 'WaitForTimedOut',
  httpCheckFailed: 'HttpCheckFailed',
  badValue: 'RunbookBadValue',
  itemFailed: 'ForEachItemFailed',
  expression: 'RunbookExpressionFailed',
} as const;

/** What every step of one run shares. */
export interface RunContext {
  progress: Progress;
  proxies: ReturnType<typeof activityProxies>;
  poll: PollSchedule;
  gates: RunbookGates;
  /** The runbook's `region`, for steps that name none. */
  region?: string;
  /** The run's undo list: what was done, newest last. */
  saga: Compensations;
  /** Set inside a forEach, whose detail counts items instead of telling each inner step's. */
  inForEach?: boolean;
}

/** A step's detail in the progress; a forEach's inner steps have no line of their own. */
function note(ctx: RunContext, stepId: string, detail: string): void {
  if (!ctx.inForEach) ctx.progress.detail(stepId, detail);
}

/**
 * Runs steps in order, each answer stored under its id for the steps after it. Top-level steps
 * report to the progress; a forEach's steps report through the forEach's detail.
 */
export async function runSteps(ctx: RunContext, steps: Step[], scope: Scope, top: boolean): Promise<void> {
  for (const step of steps) {
    const run = async () => {
      try {
        return await runStep(ctx, step, scope);
      } catch (err) {
        throw stepFailure(step.id, err);
      }
    };
    scope.steps[step.id] = top ? await ctx.progress.run(step.id, run) : await run();
  }
}

/**
 * An expression that cannot be evaluated on the values it met (a function given a null) fails
 * the step for good, saying which and why; thrown as a plain Error it would fail the workflow
 * task instead and leave the run retrying forever.
 */
export function stepFailure(stepId: string, err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  if (!(err instanceof ExpressionError)) return err;
  return ApplicationFailure.nonRetryable(`${stepId}: ${err.message}`, RUNBOOK_FAILURES.expression);
}

function runStep(ctx: RunContext, step: Step, scope: Scope): Promise<unknown> {
  switch (step.kind) {
    case 'call':
      return call(ctx, step, scope);
    case 'waitFor':
      return waitFor(ctx, step, scope);
    case 'approve':
      return approve(ctx, step.id, resolveTemplates(step.approve, scope), durationMs(step.timeout));
    case 'httpCheck':
      return httpCheck(ctx, step, scope);
    case 'sleep':
      return sleep(durationMs(step.sleep)).then(() => ({}));
    case 'fail':
      throw ApplicationFailure.nonRetryable(resolveTemplates(step.fail, scope), RUNBOOK_FAILURES.failStep);
    case 'forEach':
      return forEach(ctx, step, scope);
    case 'procedure':
      return procedure(step.id, step.procedure, resolveTemplates(step.input, scope), scope);
  }
}

function regionOf(ctx: RunContext, step: { id: string; region?: string }, scope: Scope): string {
  const region = resolveTemplates(step.region ?? ctx.region, scope);
  if (typeof region !== 'string' || region === '') {
    throw ApplicationFailure.nonRetryable(
      `step ${step.id}: no region (give the step or the runbook a region), got ${JSON.stringify(region)}`,
      RUNBOOK_FAILURES.badValue,
    );
  }
  return region;
}

/** The name a call acts on, for the progress and the undo's log: the first *Name parameter. */
function resourceName(params: Record<string, unknown>): string {
  const key = Object.keys(params).find((k) => /Names?$/.test(k));
  const value = key === undefined ? undefined : params[key];
  return value === undefined ? '(unnamed)' : typeof value === 'string' ? value : JSON.stringify(value);
}

async function call(ctx: RunContext, step: { id: string } & CallStep, scope: Scope): Promise<unknown> {
  const region = regionOf(ctx, step, scope);
  const params = resolveTemplates(step.params, scope);
  const { answer, operations } = await ctx.proxies.calls.runbookCall({
    region,
    action: step.call,
    params,
    stepId: step.id,
  });
  // Registered as soon as the call is done: an operation that fails afterwards may leave a resource.
  if (step.undo) registerUndo(ctx, step.id, step.undo, { ...scope, step: { params, answer } }, region);
  if (operations.length > 0) {
    note(ctx, step.id, `waiting for ${operations.length} operation(s)`);
    await ctx.proxies.awaitOperations(operations);
  }
  return answer;
}

function registerUndo(
  ctx: RunContext,
  stepId: string,
  undo: UndoCall,
  scope: Scope,
  stepRegion: string,
): void {
  const region =
    undo.region === undefined ? stepRegion : regionOf(ctx, { id: stepId, region: undo.region }, scope);
  const params = resolveTemplates(undo.params, scope);
  const name = resourceName(params);
  ctx.saga.add({
    description: `${stepId}: ${undo.call} ${name} in ${region}`,
    region,
    type: undo.call,
    name,
    undoneAs: /^Delete|^Release/.test(undo.call) ? 'deleted' : 'restored',
    undo: async () => {
      const { operations } = await ctx.proxies.calls.runbookCall({
        region,
        action: undo.call,
        params,
        stepId: `${stepId} (undo)`,
      });
      if (operations.length > 0) await ctx.proxies.awaitOperations(operations);
    },
  });
}

/**
 * A wait on a Get* action: one activity whose retries are the polls (retries are not written to
 * history), so an hour's wait costs the same few events as a minute's. The step's timeout is the
 * activity's schedule-to-close timeout.
 */
async function waitFor(ctx: RunContext, step: { id: string } & WaitForStep, scope: Scope): Promise<unknown> {
  const region = regionOf(ctx, step, scope);
  const params = resolveTemplates(step.params, scope);
  const { poll } = ctx;
  const checks = proxyActivitiesWithSummaries<Activities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: `${durationMs(step.timeout)} milliseconds`,
    retry: {
      initialInterval: `${poll.initialIntervalSeconds * 1000} milliseconds`,
      backoffCoefficient: poll.backoffCoefficient,
      maximumInterval: `${poll.maximumIntervalSeconds * 1000} milliseconds`,
    },
  });
  const until = bindTemplates(step.until, scope);
  note(ctx, step.id, `until ${step.until} (${step.waitFor}), up to ${step.timeout}`);
  try {
    const { answer } = await checks.runbookCheck({
      region,
      action: step.waitFor,
      params,
      until,
      stepId: step.id,
    });
    return answer;
  } catch (err) {
    // Past the timeout during an attempt or a pause the cause is a TimeoutFailure; when the next
    // poll would fall after it, the server ends the wait at once with the last check's failure
    // (StillInProgress) and retry state TIMEOUT. Both are the step timing out.
    const timedOut =
      err instanceof ActivityFailure &&
      (err.cause instanceof TimeoutFailure || err.retryState === RetryState.TIMEOUT);
    if (timedOut) {
      throw ApplicationFailure.nonRetryable(
        `waitFor ${step.id}: "${step.until}" was not true of ${step.waitFor} within ${step.timeout}`,
        RUNBOOK_FAILURES.waitTimedOut,
      );
    }
    throw err;
  }
}

async function approve(ctx: RunContext, id: string, message: string, timeoutMs: number): Promise<unknown> {
  note(ctx, id, `waiting for approval: ${message}`);
  const answer = await ctx.gates.await(id, timeoutMs);
  if (answer.outcome === 'approved') {
    note(ctx, id, `approved${answer.by ? ` by ${answer.by}` : ''}`);
    return { approvedBy: answer.by ?? null, comment: answer.comment ?? null };
  }
  if (answer.outcome === 'rejected') {
    throw ApplicationFailure.nonRetryable(
      `${id}: rejected${answer.by ? ` by ${answer.by}` : ''}: ${answer.reason}`,
      RUNBOOK_FAILURES.rejected,
    );
  }
  throw ApplicationFailure.nonRetryable(
    `${id}: nobody approved within the step's timeout`,
    RUNBOOK_FAILURES.approvalTimedOut,
  );
}

async function httpCheck(
  ctx: RunContext,
  step: { id: string } & HttpCheckStep,
  scope: Scope,
): Promise<unknown> {
  const check = resolveTemplates(step.httpCheck, scope);
  const region = step.region ?? ctx.region;
  const url =
    region === undefined
      ? check.url
      : await ctx.proxies.calls.runbookReachUrl({ region: regionOf(ctx, step, scope), url: check.url });
  const outcome = await ctx.proxies.httpChecks(check).verifyEndpoint({ ...check, baseUrl: url, path: url });
  if (outcome.failure) {
    throw ApplicationFailure.nonRetryable(`${step.id}: ${outcome.failure}`, RUNBOOK_FAILURES.httpCheckFailed);
  }
  return { passed: outcome.passed };
}

interface ItemOutcome {
  index: number;
  item: unknown;
  ok: boolean;
  error?: string;
  steps: Record<string, unknown>;
}

/**
 * Runs the forEach's steps once per item, `concurrency` items at a time. An item's undos join
 * the run's when the item is done; a failed item's are run at once under `continue`, or left to
 * the run's rollback under `stop` (no new item starts, and the step fails).
 */
async function forEach(ctx: RunContext, step: { id: string } & ForEachStep, scope: Scope): Promise<unknown> {
  const items = evaluate(bindTemplates(step.forEach, scope), scope);
  if (!Array.isArray(items)) {
    throw ApplicationFailure.nonRetryable(
      `forEach ${step.id}: "${step.forEach}" gave ${JSON.stringify(items)}, not a list`,
      RUNBOOK_FAILURES.badValue,
    );
  }
  const outcomes: ItemOutcome[] = [];
  let next = 0;
  let stopped: ItemOutcome | undefined;
  let cancelled: Error | undefined;
  const report = () => {
    const failed = outcomes.filter((o) => !o.ok).length;
    ctx.progress.detail(
      step.id,
      `${outcomes.length - failed} of ${items.length} item(s) done${failed ? `, ${failed} failed` : ''}`,
    );
  };
  report();
  const lane = async () => {
    while (next < items.length && !stopped && cancelled === undefined) {
      const index = next++;
      const item: unknown = items[index];
      const itemSaga = new Compensations();
      const itemScope: Scope = { ...scope, steps: { ...scope.steps }, item, index };
      const outcome: ItemOutcome = { index, item, ok: true, steps: {} };
      try {
        await runSteps({ ...ctx, saga: itemSaga, inForEach: true }, step.steps, itemScope, false);
        itemSaga.moveInto(ctx.saga);
      } catch (err) {
        outcome.ok = false;
        outcome.error = err instanceof Error ? rootMessage(err) : String(err);
        if (isCancellation(err)) {
          cancelled = err as Error;
          itemSaga.moveInto(ctx.saga);
        } else if (step.onItemFailure === 'continue') {
          await itemSaga.run(ctx.progress);
        } else {
          stopped ??= outcome;
          itemSaga.moveInto(ctx.saga);
        }
      }
      for (const inner of step.steps)
        if (inner.id in itemScope.steps) outcome.steps[inner.id] = itemScope.steps[inner.id];
      outcomes.push(outcome);
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(step.concurrency, items.length) }, lane));
  if (cancelled !== undefined) throw cancelled;
  if (stopped) {
    throw ApplicationFailure.nonRetryable(
      `forEach ${step.id}: item ${stopped.index} (${JSON.stringify(stopped.item)}) failed: ${stopped.error}`,
      RUNBOOK_FAILURES.itemFailed,
    );
  }
  return outcomes.sort((a, b) => a.index - b.index);
}

/** A built-in procedure as a child run, on this worker's task queue, named after this run and step. */
async function procedure(
  id: string,
  name: string,
  input: Record<string, unknown>,
  scope: Scope,
): Promise<unknown> {
  const found = findProcedure(name);
  if (!found)
    throw ApplicationFailure.nonRetryable(`${id}: no procedure "${name}"`, RUNBOOK_FAILURES.badValue);
  const suffix = scope.index === undefined ? '' : `-${scope.index}`;
  return executeChild(found.workflowType, {
    args: [input],
    workflowId: `${workflowInfo().workflowId}-${id}${suffix}`,
  });
}

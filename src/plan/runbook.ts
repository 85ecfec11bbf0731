import { sendAnyAction } from '../lightsail/any-action';
import {
  bindTemplates,
  ExpressionError,
  evaluate,
  resolveTemplates,
  stepReferences,
  templateExpressions,
  withPlaceholders,
  type Scope,
} from '../runbooks/expressions';
import type { Step } from '../runbooks/format';
import { resolveParameters, shownParameters } from '../runbooks/params';
import { sensitiveParamPaths } from '../runbooks/service-model';
import { sha256Hex } from '../runbooks/sha256';
import { validateRunbook } from '../runbooks/validate';
import type { RunbookParsedInput } from '../schemas/runbook';
import type { PlanDeps } from './deps';
import type { PlanCheck, PlanFindings } from './plan';

/** A forEach's items shown one by one up to this many; the rest are counted. */
const MAX_ITEMS_SHOWN = 50;

/**
 * What a runbook would do, reading only: its Get* calls are made (they change nothing), so
 * forEach lists and later parameters resolve as they would in a run; every other call, wait and
 * gate is listed with its parameters as far as reads can tell. Sensitive values are masked.
 */
export async function planRunbook(deps: PlanDeps, input: RunbookParsedInput): Promise<PlanFindings> {
  const runbook = validateRunbook(input.runbook.text).runbook!;
  const { params } = resolveParameters(runbook, input.params);
  const planner = new RunbookPlanner(deps, runbook.region);
  const scope: Scope = {
    params: shownParameters(runbook, params),
    steps: {},
    run: { id: '(run id)', suffix: '(run)' },
  };
  // Reads need the real values; only what is shown is masked.
  const readScope: Scope = { ...scope, params };
  await planner.steps(runbook.steps, readScope, scope, '');
  return {
    checks: [
      {
        name: 'runbook',
        status: 'passed',
        reason: `${runbook.runbook} is valid (sha256 ${sha256Hex(input.runbook.text).slice(0, 12)})`,
      },
      ...planner.checks,
    ],
    facts: {
      runbook: runbook.runbook,
      parameters: JSON.stringify(scope.params),
    },
    steps: planner.planned,
  };
}

class RunbookPlanner {
  readonly checks: PlanCheck[] = [];
  readonly planned: { id: string; title: string }[] = [];

  constructor(
    private readonly deps: PlanDeps,
    private readonly region: string | undefined,
  ) {}

  async steps(steps: Step[], read: Scope, shown: Scope, prefix: string): Promise<void> {
    for (const step of steps) await this.step(step, read, shown, prefix);
  }

  private async step(step: Step, read: Scope, shown: Scope, prefix: string): Promise<void> {
    const id = `${prefix}${step.id}`;
    const known = (value: unknown) =>
      templateExpressions(value).every((e) => stepReferences(e.expression).every((ref) => ref in read.steps));
    const show = (value: unknown) => {
      if (!known(value)) return value;
      try {
        return resolveTemplates(value, shown);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        this.checks.push({ name: `expression in ${id}`, status: 'failed', reason: err.message });
        return value;
      }
    };
    const region = () => show(('region' in step ? step.region : undefined) ?? this.region) as string;
    switch (step.kind) {
      case 'call': {
        const params = show(step.params) as Record<string, unknown>;
        if (step.call.startsWith('Get') && known(step.params) && known(step.region ?? this.region)) {
          try {
            const where = resolveTemplates(step.region ?? this.region, read) as string;
            const { answer } = await sendAnyAction(
              this.deps.clients,
              where,
              step.call,
              resolveTemplates(step.params, read),
            );
            read.steps[step.id] = answer;
            shown.steps[step.id] = answer;
            this.checks.push({
              name: `read ${id}`,
              status: 'passed',
              reason: `${step.call} in ${where} answered`,
            });
          } catch (err) {
            this.checks.push({
              name: `read ${id}`,
              status: 'failed',
              reason: `${step.call}: ${(err as Error).message}`,
            });
          }
          this.planned.push({
            id,
            title: `${id}: read ${step.call} in ${region()} ${text(masked(step.call, params))}`,
          });
          return;
        }
        const undo = step.undo ? `; undone by ${step.undo.call}` : '';
        this.planned.push({
          id,
          title: `${id}: ${step.call} in ${region()} ${text(masked(step.call, params))}${undo}`,
        });
        return;
      }
      case 'waitFor':
        this.planned.push({
          id,
          title: `${id}: wait up to ${step.timeout} until ${step.until} (${step.waitFor} in ${region()} ${text(masked(step.waitFor, show(step.params) as Record<string, unknown>))})`,
        });
        return;
      case 'approve':
        this.planned.push({
          id,
          title: `${id}: ask for approval (up to ${step.timeout}): ${text(show(step.approve))}`,
        });
        return;
      case 'httpCheck':
        this.planned.push({
          id,
          title: `${id}: GET ${text(show(step.httpCheck.url))} answers ${step.httpCheck.expectedStatus}, ${step.httpCheck.checks} time(s)`,
        });
        return;
      case 'sleep':
        this.planned.push({ id, title: `${id}: sleep ${step.sleep}` });
        return;
      case 'fail':
        this.planned.push({ id, title: `${id}: fail: ${text(show(step.fail))}` });
        return;
      case 'procedure':
        this.planned.push({
          id,
          title: `${id}: start procedure ${step.procedure} as a child run with ${text(show(step.input))}`,
        });
        return;
      case 'forEach':
        return this.forEach(step, read, shown, id);
    }
  }

  private async forEach(
    step: Step & { kind: 'forEach' },
    read: Scope,
    shown: Scope,
    id: string,
  ): Promise<void> {
    const refs = [
      ...templateExpressions(step.forEach),
      { expression: withPlaceholders(step.forEach) },
    ].flatMap((e) => stepReferences(e.expression));
    const items = refs.every((r) => r in read.steps)
      ? evaluate(bindTemplates(step.forEach, read), read)
      : undefined;
    if (!Array.isArray(items)) {
      this.planned.push({
        id,
        title: `${id}: for each of ${step.forEach} (known when it runs), ${step.concurrency} at a time`,
      });
      // Each item's values read as "(item)" until the list is known.
      const unknown = { item: '(item)', index: 0 };
      return this.steps(step.steps, { ...read, ...unknown }, { ...shown, ...unknown }, `${id}[*].`);
    }
    this.planned.push({
      id,
      title: `${id}: for each of ${items.length} item(s), ${step.concurrency} at a time, on a failure: ${step.onItemFailure}`,
    });
    for (const [index, item] of items.slice(0, MAX_ITEMS_SHOWN).entries()) {
      const label = typeof item === 'string' ? item : String(index);
      await this.steps(
        step.steps,
        { ...read, steps: { ...read.steps }, item, index },
        { ...shown, steps: { ...shown.steps }, item, index },
        `${id}[${label}].`,
      );
    }
    if (items.length > MAX_ITEMS_SHOWN)
      this.planned.push({ id, title: `${id}: … and ${items.length - MAX_ITEMS_SHOWN} more item(s)` });
  }
}

/** Parameters the model marks sensitive, masked (the top member of each sensitive path). */
function masked(action: string, params: Record<string, unknown>): Record<string, unknown> {
  const out = { ...params };
  for (const [top] of sensitiveParamPaths(action))
    if (top !== undefined && top in out) out[top] = '(sensitive)';
  return out;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

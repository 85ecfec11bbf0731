import { templateExpressions } from './expressions';
import type { Runbook, Step } from './format';
import { sensitiveParamPaths } from './service-model';
import { parameterProblem, type RunbookIssue } from './validate';

/**
 * The parameters a run gets: the given values, checked against the runbook's declarations, with
 * defaults for the rest. A value typed as text (`--set count=3`) is read as JSON where the
 * parameter is not a string. Unknown and missing parameters are issues, like any bad input.
 */
export function resolveParameters(
  runbook: Runbook,
  given: Record<string, unknown>,
): { params: Record<string, unknown>; issues: RunbookIssue[] } {
  const params: Record<string, unknown> = {};
  const issues: RunbookIssue[] = [];
  const declared = runbook.parameters;
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) {
      const names = Object.keys(declared);
      issues.push({
        path: ['params', name],
        message: `the runbook has no parameter "${name}"${names.length ? ` (it has ${names.join(', ')})` : ' (it has none)'}`,
      });
    }
  }
  for (const [name, p] of Object.entries(declared)) {
    let value = Object.hasOwn(given, name) ? given[name] : p.default;
    if (value === undefined) {
      issues.push({ path: ['params', name], message: `is required: the runbook gives it no default` });
      continue;
    }
    if (p.type !== 'string' && typeof value === 'string') value = asJson(value);
    const problem = parameterProblem(p, value);
    if (problem) issues.push({ path: ['params', name], message: problem });
    else params[name] = value;
  }
  return { params, issues };
}

function asJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The parameters to show people: sensitive ones masked. */
export function shownParameters(runbook: Runbook, params: Record<string, unknown>): Record<string, unknown> {
  const hidden = sensitiveParameters(runbook);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, hidden.has(k) ? '(sensitive)' : v]));
}

/**
 * The parameters never shown: those declared `sensitive`, and any that a call passes into a
 * member the Lightsail model marks sensitive (a password given as a plain parameter is still a
 * password).
 */
export function sensitiveParameters(runbook: Runbook): Set<string> {
  const names = new Set(Object.keys(runbook.parameters).filter((k) => runbook.parameters[k]!.sensitive));
  const visit = (steps: Step[]) => {
    for (const step of steps) {
      if (step.kind === 'forEach') visit(step.steps);
      const calls =
        step.kind === 'call'
          ? [
              { action: step.call, params: step.params },
              ...(step.undo ? [{ action: step.undo.call, params: step.undo.params }] : []),
            ]
          : step.kind === 'waitFor'
            ? [{ action: step.waitFor, params: step.params }]
            : [];
      for (const { action, params } of calls) {
        for (const [top] of sensitiveParamPaths(action)) {
          for (const { expression } of templateExpressions(top === undefined ? undefined : params[top])) {
            for (const m of expression.matchAll(/\bparams\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
          }
        }
      }
    }
  };
  visit(runbook.steps);
  return names;
}

import type { Plan, PlanCheck } from './plan';

const MARK: Record<PlanCheck['status'], string> = { passed: '✓', failed: '✗', unchecked: '?' };

/** The plan as people read it: the checks with their reasons, then the numbered steps. */
export function renderPlan(plan: Plan): string {
  const failedCount = plan.checks.filter((c) => c.status === 'failed').length;
  const lines = [
    `Plan for ${plan.procedure}: ${failedCount === 0 ? 'every check passed' : `${failedCount} check(s) failed`}`,
    '',
    ...plan.checks.map((c) => `  ${MARK[c.status]} ${c.name}: ${c.reason}`),
  ];
  const facts = Object.entries(plan.facts);
  if (facts.length) lines.push('', ...facts.map(([key, value]) => `  ${key}: ${value}`));
  lines.push(
    '',
    failedCount === 0 ? 'Steps a run would take:' : 'Steps a run would take, once the failed checks pass:',
  );
  plan.steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step.title}`));
  lines.push('', 'Nothing was started or changed.');
  return lines.join('\n');
}

/** Which checks failed and why, one line each, for the error that ends the command. */
export function failedChecksMessage(plan: Plan): string {
  return plan.checks
    .filter((c) => c.status === 'failed')
    .map((c) => `Check failed: ${c.name}${c.field ? ` (${c.field})` : ''}: ${c.reason}`)
    .join('\n');
}

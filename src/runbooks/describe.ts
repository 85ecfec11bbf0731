import type { InputDescription } from '../runs/describe-input';
import type { RunbookParsedInput } from '../schemas/runbook';
import { hasExpression, resolveTemplates } from './expressions';
import type { Step } from './format';
import { resolveParameters, shownParameters } from './params';
import { sha256Hex } from './sha256';
import { validateRunbook } from './validate';

/**
 * What a runbook run is, for the Web UI's summary and `list`: the runbook's name and hash, its
 * parameters (sensitive ones masked), the actions it may call, and the regions written in it.
 */
export function describeRunbook(input: RunbookParsedInput): InputDescription {
  const runbook = validateRunbook(input.runbook.text).runbook!;
  const { params } = resolveParameters(runbook, input.params);
  const sha = sha256Hex(input.runbook.text).slice(0, 12);
  const shown = Object.entries(shownParameters(runbook, params))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  const steps = flatten(runbook.steps);
  const regions = [runbook.region, ...steps.map((s) => ('region' in s ? s.region : undefined))]
    .map((r) => (r && hasExpression(r) ? regionFromParams(r, params) : r))
    .filter((r): r is string => typeof r === 'string' && !hasExpression(r));
  const actions = [
    ...new Set(
      steps.flatMap((s) => (s.kind === 'call' ? [s.call] : s.kind === 'waitFor' ? [s.waitFor] : [])),
    ),
  ];
  return {
    summary: `Runbook ${runbook.runbook}${shown ? ` (${shown})` : ''}`,
    details: [
      `- **Runbook**: \`${runbook.runbook}\`${input.runbook.source ? ` from ${input.runbook.source}` : ''}, sha256 ${sha}`,
      ...(runbook.description ? [`- **What**: ${runbook.description}`] : []),
      `- **Steps**: ${runbook.steps.map((s) => s.id).join(', ')}`,
      ...(actions.length ? [`- **Actions**: ${actions.join(', ')}`] : []),
    ],
    regions: [...new Set(regions)],
    resources: [],
  };
}

function flatten(steps: Step[]): Step[] {
  return steps.flatMap((s) => (s.kind === 'forEach' ? [s, ...flatten(s.steps)] : [s]));
}

/** A region written as an expression of the parameters (`${{ params.region }}`); unknown when it reads steps. */
function regionFromParams(region: string, params: Record<string, unknown>): unknown {
  try {
    return resolveTemplates(region, { params, steps: {}, run: { id: '', suffix: '' } });
  } catch {
    return undefined;
  }
}

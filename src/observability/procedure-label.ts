import { PROCEDURES } from '../procedures';

const BY_WORKFLOW_TYPE = new Map(Object.entries(PROCEDURES).map(([name, p]) => [p.workflowType, name]));

/**
 * The procedure label of a workflow type: the short name people start it by (copy-snapshot),
 * or the workflow type itself for a workflow that is not a procedure.
 */
export function procedureOf(workflowType: string | undefined): string {
  if (workflowType === undefined) return 'unknown';
  return BY_WORKFLOW_TYPE.get(workflowType) ?? workflowType;
}

import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DR_DRILL_WORKFLOW, DRILL_TARGETS_MISSED, type DrDrillReport } from '../schemas/dr-report';

/**
 * The report of a closed drill: the result of a completed one, or the first detail of the
 * DrillTargetsMissed failure of one that missed a target. Undefined for a run still going, one
 * that ended without a report (refused input, cancelled), or a run of another procedure.
 * Read by `status --report` and by the DR posture view.
 */
export async function drillReport(client: Client, runId: string): Promise<DrDrillReport | undefined> {
  const handle = client.workflow.getHandle(runId);
  const described = await handle.describe();
  if (described.type !== DR_DRILL_WORKFLOW || described.status.name === 'RUNNING') return undefined;
  try {
    return asReport(await handle.result());
  } catch (err) {
    const cause = err instanceof WorkflowFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === DRILL_TARGETS_MISSED) {
      return asReport(cause.details?.[0]);
    }
    return undefined;
  }
}

function asReport(value: unknown): DrDrillReport | undefined {
  const r = value as Partial<DrDrillReport> | undefined;
  return r && Array.isArray(r.instances) && typeof r.markdown === 'string' ? (r as DrDrillReport) : undefined;
}

import { PROCEDURES } from '../procedures';
import { validateProcedureInput } from '../runs/start';
import type { BlueGreenDeployParsedInput } from '../schemas/blue-green-deploy';
import { BLUE_GREEN_WORKFLOW } from '../schemas/blue-green-deploy';
import type { CopySnapshotParsedInput } from '../schemas/copy-snapshot';
import { COPY_SNAPSHOT_WORKFLOW } from '../schemas/copy-snapshot';
import type { ExportToEc2ParsedInput } from '../schemas/export-to-ec2';
import { EXPORT_TO_EC2_WORKFLOW } from '../schemas/export-to-ec2';
import { planBlueGreenDeploy } from './blue-green-deploy';
import { planCopySnapshot } from './copy-snapshot';
import type { PlanDeps } from './deps';
import { planExportToEc2 } from './export-to-ec2';
import { planMigrateInstance } from './migrate-instance';
import type { MigrateInstanceParsedInput } from '../schemas/migrate-instance';
import { MIGRATE_INSTANCE_WORKFLOW } from '../schemas/migrate-instance';
import type { Plan, PlanFindings } from './plan';
import { planRestoreDatabase } from './restore-database';
import { RESTORE_DATABASE_WORKFLOW, type RestoreDatabaseParsedInput } from '../schemas/restore-database';
import { planRunbook } from './runbook';
import { RUN_RUNBOOK_WORKFLOW, type RunbookParsedInput } from '../schemas/runbook';
import { planDrDrill, planFailover } from './dr';
import { DR_DRILL_WORKFLOW, type DrDrillParsedInput } from '../schemas/dr-drill';
import { FAILOVER_WORKFLOW, type FailoverParsedInput } from '../schemas/failover';

const PLANNERS: Record<string, (deps: PlanDeps, input: unknown) => Promise<PlanFindings>> = {
  [COPY_SNAPSHOT_WORKFLOW]: (deps, input) => planCopySnapshot(deps, input as CopySnapshotParsedInput),
  [BLUE_GREEN_WORKFLOW]: (deps, input) => planBlueGreenDeploy(deps, input as BlueGreenDeployParsedInput),
  [EXPORT_TO_EC2_WORKFLOW]: (deps, input) => planExportToEc2(deps, input as ExportToEc2ParsedInput),
  [MIGRATE_INSTANCE_WORKFLOW]: (deps, input) =>
    planMigrateInstance(deps, input as MigrateInstanceParsedInput),
  [RESTORE_DATABASE_WORKFLOW]: (deps, input) =>
    planRestoreDatabase(deps, input as RestoreDatabaseParsedInput),
  [RUN_RUNBOOK_WORKFLOW]: (deps, input) => planRunbook(deps, input as RunbookParsedInput),
  [FAILOVER_WORKFLOW]: (deps, input) => planFailover(deps, input as FailoverParsedInput),
  [DR_DRILL_WORKFLOW]: (deps, input) => planDrDrill(deps, input as DrDrillParsedInput),
};

/**
 * Plans a procedure, shared by `lightsail-flows plan` and `POST /plans`: validates the input as
 * starting would (InvalidProcedureInput, UnknownProcedure), then reads what a run would meet.
 * Nothing is started and nothing in Lightsail changes.
 */
export async function planProcedure(deps: PlanDeps, name: string, rawInput: unknown): Promise<Plan> {
  const { procedure, input } = validateProcedureInput(name, rawInput);
  const planner = PLANNERS[procedure.workflowType];
  if (!planner) throw new Error(`No planner for ${procedure.workflowType}`);
  const findings = await planner(deps, input);
  return {
    procedure: Object.keys(PROCEDURES).find((k) => PROCEDURES[k] === procedure) ?? name,
    workflowType: procedure.workflowType,
    ok: findings.checks.every((c) => c.status !== 'failed'),
    ...findings,
  };
}

/**
 * Every workflow the worker runs; the export names are the workflow types users start.
 *
 * Each export is an entry that loads its procedure's module when a run first calls it. The
 * worker evaluates the modules a run loads once for every run it keeps in memory (the SDK's
 * reusable V8 context gives each run its own module state), so a run that loaded every procedure
 * paid for all of them: a copy now loads its own modules alone, about 0.9 MiB and 11 ms a run
 * instead of 2.2 MiB and 30 ms (docs/performance.md, "What a run in memory costs"). Loading a
 * module is deterministic, so a replay loads the same ones at the same point.
 */
import type * as BlueGreen from './blue-green-deploy';
import type * as CallBudget from './budget/call-budget-workflow';
import type * as Copy from './copy-snapshot-across-regions';
import type * as DrDrill from './dr-drill';
import type * as ExportToEc2 from './export-to-ec2';
import type * as Failover from './failover-to-region';
import type * as NameLock from './locks/name-lock-workflow';
import type * as Migrate from './migrate-instance';
import type * as RestoreDatabase from './restore-database';
import type * as Runbook from './run-runbook';
import { declareVersioningBehaviours } from './versioning-behaviours';

// The bundler needs each require's path as written, so each entry names its own module.
/* eslint-disable @typescript-eslint/no-require-imports */

export function copySnapshotAcrossRegions(...args: Parameters<typeof Copy.copySnapshotAcrossRegions>) {
  return (require('./copy-snapshot-across-regions') as typeof Copy).copySnapshotAcrossRegions(...args);
}

export function blueGreenDeploy(...args: Parameters<typeof BlueGreen.blueGreenDeploy>) {
  return (require('./blue-green-deploy') as typeof BlueGreen).blueGreenDeploy(...args);
}

export function exportToEc2(...args: Parameters<typeof ExportToEc2.exportToEc2>) {
  return (require('./export-to-ec2') as typeof ExportToEc2).exportToEc2(...args);
}

export function migrateInstance(...args: Parameters<typeof Migrate.migrateInstance>) {
  return (require('./migrate-instance') as typeof Migrate).migrateInstance(...args);
}

export function restoreDatabase(...args: Parameters<typeof RestoreDatabase.restoreDatabase>) {
  return (require('./restore-database') as typeof RestoreDatabase).restoreDatabase(...args);
}

export function runRunbook(...args: Parameters<typeof Runbook.runRunbook>) {
  return (require('./run-runbook') as typeof Runbook).runRunbook(...args);
}

export function failoverToRegion(...args: Parameters<typeof Failover.failoverToRegion>) {
  return (require('./failover-to-region') as typeof Failover).failoverToRegion(...args);
}

export function drDrill(...args: Parameters<typeof DrDrill.drDrill>) {
  return (require('./dr-drill') as typeof DrDrill).drDrill(...args);
}

/** Name locks: one per name a run makes or changes, held while the run lasts (workflows/locks). */
export function lightsailFlowsNameLock(...args: Parameters<typeof NameLock.lightsailFlowsNameLock>) {
  return (require('./locks/name-lock-workflow') as typeof NameLock).lightsailFlowsNameLock(...args);
}

/** A region's Lightsail call budget, shared by every worker (workflows/budget). */
export function lightsailFlowsCallBudget(...args: Parameters<typeof CallBudget.lightsailFlowsCallBudget>) {
  return (require('./budget/call-budget-workflow') as typeof CallBudget).lightsailFlowsCallBudget(...args);
}

/* eslint-enable @typescript-eslint/no-require-imports */

/** Each procedure's Worker Versioning behaviour (pinned or auto-upgrade), set on the entries above. */
declareVersioningBehaviours({
  copySnapshotAcrossRegions,
  blueGreenDeploy,
  exportToEc2,
  migrateInstance,
  restoreDatabase,
  runRunbook,
  failoverToRegion,
  drDrill,
  lightsailFlowsNameLock,
  lightsailFlowsCallBudget,
});

/** Every workflow the worker runs; the export names are the workflow types users start. */
export { copySnapshotAcrossRegions } from './copy-snapshot-across-regions';
export { blueGreenDeploy } from './blue-green-deploy';
export { exportToEc2 } from './export-to-ec2';
export { migrateInstance } from './migrate-instance';
export { restoreDatabase } from './restore-database';
export { runRunbook } from './run-runbook';
export { failoverToRegion } from './failover-to-region';
export { drDrill } from './dr-drill';
/** Name locks: one per name a run makes or changes, held while the run lasts (workflows/locks). */
export { lightsailFlowsNameLock } from './locks/name-lock-workflow';
/** Each procedure's Worker Versioning behaviour (pinned or auto-upgrade), set on the functions above. */
import './versioning-behaviours';

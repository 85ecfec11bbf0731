import type { VersioningBehavior, WorkflowDefinitionOptions } from '@temporalio/common';
import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';

/**
 * How each procedure's runs move between releases when the worker uses Worker Versioning
 * (LIGHTSAIL_FLOWS_DEPLOYMENT_NAME). See docs/rollouts.md.
 *
 * - PINNED: a run ends on the build it started on, so a new release never replays it and needs
 *   no patch for it; the old build's workers must run until its pinned runs end.
 * - AUTO_UPGRADE: a run moves to the current build at its next task, so every change to its
 *   code must replay its open runs' histories (patched(), test/replay).
 *
 * A copy ends within minutes and a release within its bake and approval timeouts: pinned, so old
 * workers drain soon. An export waits hours on Lightsail: it moves on rather than keep a release
 * alive that long; a migration keeps its old instance for days (keepOldFor, up to 90), so it moves
 * on too. A database restore waits on Lightsail for as long as the data takes to come back (an
 * hour and more for a big one) and may keep the old database aside: it moves on too. A runbook
 * may wait hours or days (waitFor, approve): it moves on, its recorded histories replayed
 * (test/replay). A failover may wait a day for its approval, and a drill is minutes of restores:
 * both pinned, as the copy is (a drill started by a schedule ends on the build it started on). A
 * name lock has no steps to change and follows its holder. A call budget has no steps either and
 * runs on a task queue of its own, unversioned (src/worker.ts): it moves on as the code does.
 */
export const VERSIONING_BEHAVIOURS = {
  copySnapshotAcrossRegions: 'PINNED',
  blueGreenDeploy: 'PINNED',
  exportToEc2: 'AUTO_UPGRADE',
  migrateInstance: 'AUTO_UPGRADE',
  restoreDatabase: 'AUTO_UPGRADE',
  runRunbook: 'AUTO_UPGRADE',
  failoverToRegion: 'PINNED',
  drDrill: 'PINNED',
  lightsailFlowsNameLock: 'AUTO_UPGRADE',
  lightsailFlowsCallBudget: 'AUTO_UPGRADE',
} as const satisfies Record<string, VersioningBehavior>;

/**
 * The behaviour, declared only when the worker running the task has a deployment version: an
 * unversioned worker that reports one has its task refused by the server ("versioning behavior
 * cannot be specified without deployment options being set with versioned mode"), and the run
 * would never move. (An unversioned worker still has a version, with a build id of its own and no
 * deployment name, hence the check of the name.) The SDK calls this once as the run starts on a worker, and again on replay,
 * where the version comes from the history: the same answer each time.
 */
function whenVersioned(versioningBehavior: VersioningBehavior): () => WorkflowDefinitionOptions {
  return () => (workflowInfo().currentDeploymentVersion?.deploymentName ? { versioningBehavior } : {});
}

/** Sets each workflow's behaviour on the function the worker calls for its type (workflows/index.ts). */
export function declareVersioningBehaviours(
  workflows: Record<keyof typeof VERSIONING_BEHAVIOURS, (...args: never[]) => Promise<unknown>>,
): void {
  for (const [name, behaviour] of Object.entries(VERSIONING_BEHAVIOURS)) {
    setWorkflowOptions(whenVersioned(behaviour), workflows[name as keyof typeof VERSIONING_BEHAVIOURS]);
  }
}

import type { WorkerDeploymentOptions } from '@temporalio/worker';

/**
 * Worker Versioning: each release of the worker is one version of a Worker Deployment (a
 * deployment name and a build id). The server sends a run's tasks to the version the run belongs
 * to: a PINNED run stays on the version it started on until it ends, an AUTO_UPGRADE run moves to
 * the deployment's current version at its next task. Each procedure declares its behaviour in
 * workflows/versioning-behaviours.ts; docs/rollouts.md says how to roll a release out.
 */
export interface VersioningSettings {
  /** LIGHTSAIL_FLOWS_DEPLOYMENT_NAME: the same for every release of this worker. */
  deploymentName: string;
  /** LIGHTSAIL_FLOWS_BUILD_ID, or the build's own id (dist/build-info.json): one per release. */
  buildId: string;
}

/** The SDK's options for a versioned worker; undefined leaves the worker unversioned. */
export function workerDeploymentOptions(settings?: VersioningSettings): WorkerDeploymentOptions | undefined {
  if (!settings) return undefined;
  return {
    version: { deploymentName: settings.deploymentName, buildId: settings.buildId },
    useWorkerVersioning: true,
    // Only for a workflow that declares no behaviour of its own; every procedure declares one.
    defaultVersioningBehavior: 'AUTO_UPGRADE',
  };
}

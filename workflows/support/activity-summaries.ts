import { proxyActivities, type ActivityInterfaceFor, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';

type Summaries = { [K in keyof Activities]: (input: Parameters<Activities[K]>[0]) => string };

const source = (s: Parameters<Activities['inspectSnapshotSource']>[0]['source']) =>
  s.type === 'manual' ? `snapshot ${s.snapshotName}` : `the automatic snapshot of ${s.resourceName}`;

/**
 * One line per activity, from its input, shown on each scheduled activity in the Web UI so the
 * history reads as steps ("Copy snapshot web-1-base from us-east-1 to eu-west-1") rather than
 * as activity names. Only names and regions are read: never tags' values, deployment
 * environments or user data. A new activity must be given one here (the type says so).
 */
const SUMMARIES: Summaries = {
  awaitOperations: (i) =>
    `Wait for ${i.operations.length} Lightsail operation(s) in ${[...new Set(i.operations.map((o) => o.region))].join(', ')}`,
  inspectSnapshotSource: (i) => `Check ${source(i.source)} in ${i.region}`,
  checkTargetNameFree: (i) => `Check that snapshot name ${i.snapshotName} is free in ${i.region}`,
  copySnapshot: (i) =>
    `Copy ${source(i.source)} from ${i.sourceRegion} to ${i.targetRegion} as ${i.targetSnapshotName}`,
  awaitSnapshotReady: (i) => `Wait until snapshot ${i.snapshotName} is available in ${i.region}`,
  deleteSnapshot: (i) => `Delete snapshot ${i.snapshotName} in ${i.region}`,
  createInstanceSnapshot: (i) => `Snapshot instance ${i.instanceName} as ${i.snapshotName} in ${i.region}`,
  applyRetention: (i) => `Keep the newest ${i.keep} snapshots of series ${i.series} in ${i.region}`,
  tagResource: (i) => `Tag ${i.resourceName} in ${i.region}`,
  createInstanceFromSnapshot: (i) =>
    `Create instance ${i.instanceName} from snapshot ${i.snapshotName} in ${i.availabilityZone}`,
  awaitInstanceRunning: (i) => `Wait until instance ${i.instanceName} is running in ${i.region}`,
  deleteInstance: (i) => `Delete instance ${i.instanceName} in ${i.region}`,
  describeService: (i) => `Read container service ${i.serviceName} in ${i.region}`,
  awaitServiceSettled: (i) => `Wait until container service ${i.serviceName} is settled in ${i.region}`,
  createService: (i) => `Create container service ${i.serviceName} (${i.power} x${i.scale}) in ${i.region}`,
  latestDeploymentVersion: (i) => `Read the latest deployment of ${i.serviceName} in ${i.region}`,
  createDeployment: (i) =>
    `Deploy ${Object.entries(i.spec.containers)
      .map(([name, c]) => `${name}=${c.image}`)
      .join(', ')} to ${i.serviceName} in ${i.region}`,
  awaitDeployment: (i) => `Wait for deployment ${i.version} of ${i.serviceName} in ${i.region}`,
  addPublicDomainNames: (i) => `Add public domain names to ${i.serviceName} in ${i.region}`,
  retireService: (i) => `Retire container service ${i.serviceName} (${i.how}) in ${i.region}`,
  deleteService: (i) => `Delete container service ${i.serviceName} in ${i.region}`,
  describeDistribution: (i) => `Read distribution ${i.distributionName}`,
  switchOrigin: (i) => `Point distribution ${i.distributionName} at ${i.serviceName} in ${i.region}`,
  awaitDistributionDeployed: (i) => `Wait until distribution ${i.distributionName} is deployed`,
  resetDistributionCache: (i) => `Reset the cache of distribution ${i.distributionName}`,
  checkExportable: (i) =>
    `Check that ${i.instanceName ? `instance ${i.instanceName}` : `snapshot ${i.snapshot?.name}`} can be exported from ${i.region}`,
  listExportRecordNames: (i) => `List the export records of ${i.snapshotName} in ${i.region}`,
  exportSnapshot: (i) => `Export snapshot ${i.snapshotName} to EC2 in ${i.region}`,
  awaitExportRecord: (i) => `Wait for the export of ${i.snapshotName} in ${i.region}`,
  createStack: (i) => `Create the CloudFormation stack: one ${i.instanceType} in ${i.availabilityZone}`,
  awaitStack: (i) => `Wait for the CloudFormation stack of ${i.recordName} in ${i.region}`,
  verifyEndpoint: (i) =>
    `Check GET ${i.path} answers ${i.expectedStatus}, ${i.checks} time(s), at ${i.baseUrl}`,
  watchHealth: (i) => `Watch GET ${i.path} at ${i.baseUrl} until the bake ends`,
  describeNameLock: (i) => `Read who holds ${i.lockId}`,
  awaitNameLockReleased: (i) => `Wait for another run to let go of ${i.lockId}`,
};

/** The Web UI shows a summary on one line; a long one is cut rather than refused. */
const MAX_SUMMARY = 200;

export function activitySummary(name: string, input: unknown): string | undefined {
  const summarize = (SUMMARIES as Record<string, ((input: unknown) => string) | undefined>)[name];
  if (!summarize || !input || typeof input !== 'object') return undefined;
  let line: string;
  try {
    line = summarize(input);
  } catch {
    // A summary is a label: one that cannot be made must never fail the workflow task.
    return undefined;
  }
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

type ProxiedActivity = ((...args: unknown[]) => Promise<unknown>) & {
  executeWithOptions(options: ActivityOptions, args: unknown[]): Promise<unknown>;
};

/**
 * proxyActivities, with every call scheduled with its summary. Summaries are user metadata, not
 * commands: histories recorded without them replay unchanged (test/replay).
 */
export function proxyActivitiesWithSummaries<A extends object>(
  options: ActivityOptions,
): ActivityInterfaceFor<A> {
  const activities = proxyActivities<A>(options);
  return new Proxy(activities, {
    get(target, name, receiver) {
      const activity = Reflect.get(target, name, receiver) as ProxiedActivity;
      if (typeof name !== 'string') return activity;
      const call = (...args: unknown[]) => {
        const summary = activitySummary(name, args[0]);
        return summary ? activity.executeWithOptions({ summary }, args) : activity(...args);
      };
      // A caller giving its own options (a summary of its own, a timeout) is passed through.
      return Object.assign(call, {
        executeWithOptions: (options: ActivityOptions, args: unknown[]) =>
          activity.executeWithOptions(options, args),
      });
    },
  });
}

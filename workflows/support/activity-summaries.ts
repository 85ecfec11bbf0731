import {
  proxyActivities,
  proxyLocalActivities,
  type ActivityInterfaceFor,
  type ActivityOptions,
  type LocalActivityInterfaceFor,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';

type Summaries = { [K in keyof Activities]: (input: Parameters<Activities[K]>[0]) => string };

const source = (s: Parameters<Activities['inspectSnapshotSource']>[0]['source']) =>
  s.type === 'manual' ? `snapshot ${s.snapshotName}` : `the automatic snapshot of ${s.resourceName}`;

const restoreSource = (s: Parameters<Activities['inspectDatabaseRestore']>[0]['source']) =>
  s.type === 'snapshot'
    ? `snapshot ${s.snapshotName}`
    : s.type === 'newest-snapshot'
      ? `the newest snapshot of ${s.databaseName}`
      : `${s.databaseName} at ${s.restoreTime ?? 'its latest restorable time'}`;

/**
 * One line per activity, from its input, shown on each scheduled activity in the Web UI so the
 * history reads as steps ("Copy snapshot web-1-base from us-east-1 to eu-west-1") rather than
 * as activity names. Only names and regions are read: never tags' values, deployment
 * environments or user data. A new activity must be given one here (the type says so).
 */
const SUMMARIES: Summaries = {
  awaitOperations: (i) =>
    `Wait for ${i.operations.length} Lightsail operation(s) in ${[...new Set(i.operations.map((o) => o.region))].join(', ')}`,
  instancesWithTag: (i) =>
    `List the instances tagged ${i.tag.key}${i.tag.value !== undefined ? '=…' : ''} in ${i.region}`,
  findDrSource: (i) =>
    `Find the newest DR copy of ${i.instanceName} in ${i.drRegion} and read it in ${i.primaryRegion}`,
  inspectSnapshotSource: (i) => `Check ${source(i.source)} in ${i.region}`,
  checkTargetNameFree: (i) => `Check that snapshot name ${i.snapshotName} is free in ${i.region}`,
  copySnapshot: (i) =>
    `Copy ${source(i.source)} from ${i.sourceRegion} to ${i.targetRegion} as ${i.targetSnapshotName}`,
  copySnapshotAndTag: (i) =>
    `Copy ${source(i.source)} from ${i.sourceRegion} to ${i.targetRegion} as ${i.targetSnapshotName}, tagged as this run's`,
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
  inspectMigration: (i) => `Read instance ${i.instanceName} in ${i.region} and check its move`,
  putPublicPorts: (i) => `Open ${i.ports.length} port range(s) on ${i.instanceName} in ${i.region}`,
  enableAutoSnapshot: (i) => `Turn on automatic snapshots of ${i.resourceName} in ${i.region}`,
  updateMetadataOptions: (i) => `Set the metadata options of ${i.instanceName} in ${i.region}`,
  stopInstance: (i) => `Stop instance ${i.name} in ${i.region}`,
  startInstance: (i) => `Start instance ${i.name} in ${i.region}`,
  awaitInstanceState: (i) => `Wait until instance ${i.name} is ${i.state} in ${i.region}`,
  deleteMigratedInstance: (i) => `Delete the old instance ${i.name} in ${i.region}`,
  instanceAddresses: (i) => `Read the public addresses of ${i.instanceName} in ${i.region}`,
  reachInstance: (i) => `Find where ${i.instanceName}'s port ${i.port} answers in ${i.region}`,
  createDiskSnapshot: (i) => `Snapshot disk ${i.diskName} as ${i.snapshotName} in ${i.region}`,
  createDiskFromSnapshot: (i) => `Create disk ${i.diskName} from ${i.snapshotName} in ${i.availabilityZone}`,
  awaitDiskReady: (i) => `Wait until disk ${i.diskName} is available in ${i.region}`,
  attachDisk: (i) => `Attach disk ${i.diskName} to ${i.instanceName} at ${i.diskPath}`,
  deleteDisk: (i) => `Delete disk ${i.diskName} in ${i.region}`,
  allocateStaticIp: (i) => `Allocate static IP ${i.staticIpName} in ${i.region}`,
  attachStaticIp: (i) => `Attach static IP ${i.staticIpName} to ${i.instanceName} in ${i.region}`,
  releaseStaticIp: (i) => `Release static IP ${i.staticIpName} in ${i.region}`,
  findDomainEntries: (i) => `Find the DNS entries that point at ${i.addresses.join(', ')}`,
  setDomainEntries: (i) =>
    `Point ${i.entries.map((e) => `${e.name} (${e.type})`).join(', ')} at ${[...new Set(i.entries.map((e) => e.target))].join(', ')}`,
  attachToLoadBalancer: (i) => `Attach ${i.instanceName} to load balancer ${i.loadBalancerName}`,
  detachFromLoadBalancer: (i) => `Detach ${i.instanceName} from load balancer ${i.loadBalancerName}`,
  awaitHealthyInLoadBalancer: (i) =>
    `Wait until ${i.instanceName} is healthy behind load balancer ${i.loadBalancerName}`,
  verifyTcpPort: (i) => `Check TCP port ${i.port} of ${i.address} accepts connections, ${i.checks} time(s)`,
  inspectDatabaseRestore: (i) => `Check the restore of ${restoreSource(i.source)} in ${i.region}`,
  createDatabaseFromRestorePoint: (i) =>
    `Create database ${i.databaseName} from ${i.point.type === 'snapshot' ? `snapshot ${i.point.snapshotName}` : `${i.point.databaseName} at ${i.point.restoreTime}`} in ${i.region}`,
  awaitDatabaseAvailable: (i) => `Wait until database ${i.databaseName} is available in ${i.region}`,
  awaitDatabaseSnapshotAvailable: (i) =>
    `Wait until database snapshot ${i.snapshotName} is available in ${i.region}`,
  awaitDatabaseGone: (i) => `Wait until database ${i.databaseName} is gone in ${i.region}`,
  reachDatabase: (i) => `Find where database endpoint ${i.address}:${i.port} answers in ${i.region}`,
  // The variable's name only: its value never passes through the workflow.
  setDatabasePasswordFromEnv: (i) =>
    `Set the master password of ${i.databaseName} in ${i.region} from the worker's ${i.fromEnv}`,
  retireReplacedDatabase: (i) =>
    `Delete database ${i.databaseName} in ${i.region}, keeping a final snapshot ${i.finalSnapshotName}`,
  deleteDatabase: (i) => `Delete database ${i.databaseName} in ${i.region}`,
  deleteDatabaseSnapshot: (i) => `Delete database snapshot ${i.snapshotName} in ${i.region}`,
  runbookReachUrl: (i) => `Find where ${i.url} answers in ${i.region}`,
  runbookCall: (i) => `${i.stepId}: ${i.action} in ${i.region}`,
  runbookCheck: (i) => `${i.stepId}: wait until ${i.until} (${i.action} in ${i.region})`,
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

type ProxiedActivity<O> = ((...args: unknown[]) => Promise<unknown>) & {
  executeWithOptions(options: O, args: unknown[]): Promise<unknown>;
};

/**
 * proxyActivities, with every call scheduled with its summary. Summaries are user metadata, not
 * commands: histories recorded without them replay unchanged (test/replay).
 */
export function proxyActivitiesWithSummaries<A extends object>(
  options: ActivityOptions,
): ActivityInterfaceFor<A> {
  return withSummaries<ActivityInterfaceFor<A>, ActivityOptions>(proxyActivities<A>(options));
}

/**
 * proxyLocalActivities, with summaries: a local activity runs inside the workflow task and is
 * recorded as one marker, not three events and a workflow task of its own.
 */
export function proxyLocalActivitiesWithSummaries<A extends object>(
  options: LocalActivityOptions,
): LocalActivityInterfaceFor<A> {
  return withSummaries<LocalActivityInterfaceFor<A>, LocalActivityOptions>(proxyLocalActivities<A>(options));
}

function withSummaries<P extends object, O extends { summary?: string }>(activities: P): P {
  return new Proxy(activities, {
    get(target, name, receiver) {
      const activity = Reflect.get(target, name, receiver) as ProxiedActivity<O>;
      if (typeof name !== 'string') return activity;
      const call = (...args: unknown[]) => {
        const summary = activitySummary(name, args[0]);
        return summary ? activity.executeWithOptions({ summary } as O, args) : activity(...args);
      };
      // A caller giving its own options (a summary of its own, a timeout) is passed through.
      return Object.assign(call, {
        executeWithOptions: (options: O, args: unknown[]) => activity.executeWithOptions(options, args),
      });
    },
  });
}

import { randomUUID } from 'node:crypto';
import {
  CopySnapshotCommand,
  CreateInstanceSnapshotCommand,
  GetInstanceSnapshotCommand,
  GetInstancesCommand,
  GetStaticIpsCommand,
  ReleaseStaticIpCommand,
  TagResourceCommand,
  type Tag,
} from '@aws-sdk/client-lightsail';
import type { LightsailClients } from '../../src/lightsail/clients';
import type { LightsailRegion } from '../../src/lightsail-facts';
import type { WorkflowHandle } from '@temporalio/client';
import { RUN_TAG_KEY, SERIES_TAG_KEY } from '../../src/lightsail/ownership';
import { waitUntil } from './fixtures';
import { COPY_SNAPSHOT_WORKFLOW, type CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import { DR_DRILL_WORKFLOW, type DrDrillInput } from '../../src/schemas/dr-drill';
import { FAILOVER_WORKFLOW, type FailoverInput } from '../../src/schemas/failover';
import type { copySnapshotAcrossRegions, drDrill, failoverToRegion } from '../../workflows';
import { TEST_POLL, type TestStack } from './stack';

/** Checks quick enough for the tests: two GETs 50 ms apart. */
export const QUICK_HTTP = { type: 'http' as const, checks: 2, intervalSeconds: 0.05, timeoutSeconds: 2 };

/**
 * One night of the DR runbook for an instance (examples/nightly-dr.json): a fresh snapshot, copied
 * to the DR region, in a retention series named after the instance.
 */
export async function runNightlyDr(
  stack: TestStack,
  instanceName: string,
  regions: { from: LightsailRegion; to: LightsailRegion } = { from: 'us-east-1', to: 'eu-west-1' },
): Promise<CopySnapshotResult> {
  return stack.client.workflow.execute<typeof copySnapshotAcrossRegions>(COPY_SNAPSHOT_WORKFLOW, {
    taskQueue: stack.sharedTaskQueue,
    workflowId: `test-nightly-dr-${randomUUID()}`,
    args: [
      {
        sourceRegion: regions.from,
        targetRegions: [regions.to],
        source: { type: 'instance', instanceName },
        tags: { purpose: 'disaster-recovery' },
        retention: { series: `${instanceName}-nightly-dr`, keep: 3 },
        poll: TEST_POLL,
      },
    ],
  });
}

export function startFailover(
  stack: TestStack,
  input: FailoverInput,
  taskQueue = stack.sharedTaskQueue,
): Promise<WorkflowHandle<typeof failoverToRegion>> {
  return stack.client.workflow.start<typeof failoverToRegion>(FAILOVER_WORKFLOW, {
    taskQueue,
    workflowId: `test-failover-${randomUUID()}`,
    args: [{ poll: TEST_POLL, verification: QUICK_HTTP, ...input }],
  });
}

export function startDrill(stack: TestStack, input: DrDrillInput): Promise<WorkflowHandle<typeof drDrill>> {
  return stack.client.workflow.start<typeof drDrill>(DR_DRILL_WORKFLOW, {
    taskQueue: stack.sharedTaskQueue,
    workflowId: `test-drill-${randomUUID()}`,
    args: [{ poll: TEST_POLL, verification: QUICK_HTTP, ...input }],
  });
}

/** The instances of a region carrying a run's tag. */
export async function instancesOfRun(stack: TestStack, region: string, runId: string): Promise<string[]> {
  const out = await stack.clients.forRegion(region).send(new GetInstancesCommand({}));
  return (out.instances ?? []).filter((i) => ownedBy(i.tags, runId)).map((i) => i.name ?? '');
}

function ownedBy(tags: Tag[] | undefined, runId: string): boolean {
  return !!tags?.some((t) => t.key === RUN_TAG_KEY && t.value === runId);
}

/** The static IPs failovers allocated in a region (their names carry "-dr-ip-"). */
export async function failoverStaticIps(stack: TestStack, region: string) {
  const out = await stack.clients.forRegion(region).send(new GetStaticIpsCommand({}));
  return (out.staticIps ?? []).filter((ip) => ip.name?.includes('-dr-ip-'));
}

/** Releases them after a test: the shared emulator allows five a region. */
export async function releaseFailoverStaticIps(stack: TestStack, region = 'eu-west-1'): Promise<void> {
  for (const ip of await failoverStaticIps(stack, region)) {
    await stack.clients
      .forRegion(region)
      .send(new ReleaseStaticIpCommand({ staticIpName: ip.name }))
      .catch(() => undefined);
  }
}

/**
 * A DR series arranged through the SDK alone, as one night of the runbook leaves it: a snapshot
 * of the instance tagged with the series and a run, copied to the DR region and tagged the same.
 * For the history recorder, which has no Temporal client to run the runbook with.
 */
export async function arrangeDrSeries(
  clients: LightsailClients,
  instanceName: string,
  regions: { from: string; to: string } = { from: 'us-east-1', to: 'eu-west-1' },
): Promise<string> {
  const snapshotName = `${instanceName}-nightly`;
  const tags = [
    { key: SERIES_TAG_KEY, value: `${instanceName}-nightly-dr` },
    { key: RUN_TAG_KEY, value: 'arranged-nightly-dr' },
  ];
  await clients
    .forRegion(regions.from)
    .send(new CreateInstanceSnapshotCommand({ instanceName, instanceSnapshotName: snapshotName, tags }));
  const ready = (region: string) =>
    waitUntil(
      `snapshot ${snapshotName} available in ${region}`,
      async () => {
        const out = await clients
          .forRegion(region)
          .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: snapshotName }));
        return out.instanceSnapshot?.state === 'available' ? true : undefined;
      },
      60_000,
    );
  await ready(regions.from);
  await clients.forRegion(regions.to).send(
    new CopySnapshotCommand({
      sourceRegion: regions.from as never,
      sourceSnapshotName: snapshotName,
      targetSnapshotName: snapshotName,
    }),
  );
  await clients.forRegion(regions.to).send(new TagResourceCommand({ resourceName: snapshotName, tags }));
  await ready(regions.to);
  return snapshotName;
}

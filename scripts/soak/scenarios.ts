import type { LightsailClients } from '../../src/lightsail/clients';
import type { CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import type { ExportToEc2Result } from '../../src/schemas/export-to-ec2';
import type { BlueGreenDeployResult } from '../../src/schemas/blue-green-deploy';
import {
  createRunningService,
  servedBy,
  shopDeployment,
  getService,
} from '../../test/support/container-fixtures';
import { createDiskSnapshot, createInstanceSnapshot } from '../../test/support/fixtures';
import { TEST_POLL } from '../../test/support/stack';
import { GetInstanceSnapshotCommand, GetInstanceSnapshotsCommand } from '@aws-sdk/client-lightsail';

/** One kind of run in the soak: how to arrange it, start it, and judge its end. */
export interface SoakScenario {
  kind: string;
  workflowType: string;
  /** Whether the run is meant to fail (and clean up after itself). */
  expectFailure: boolean;
  arrange(clients: LightsailClients, label: string): Promise<{ input: unknown; check: Check }>;
}

/** Judges a run's end: undefined when right, else what is wrong. */
export type Check = (
  outcome: { result?: unknown; failure?: string },
  clients: LightsailClients,
) => Promise<string | undefined>;

const region = 'us-east-1';

export const SCENARIOS: SoakScenario[] = [
  {
    kind: 'copy',
    workflowType: 'copySnapshotAcrossRegions',
    expectFailure: false,
    async arrange(clients, label) {
      const { snapshotName } = await createInstanceSnapshot(clients, region, label);
      const target = `${snapshotName}-dr`;
      return {
        input: {
          sourceRegion: region,
          targetRegions: ['eu-west-1'],
          source: { type: 'manual', snapshotName },
          targetSnapshotName: target,
          poll: TEST_POLL,
        },
        check: async ({ result }) => {
          const copy = (result as CopySnapshotResult).copies[0];
          if (copy?.snapshotName !== target) return `copied to ${copy?.snapshotName}`;
          const out = await clients
            .forRegion('eu-west-1')
            .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: target }));
          return out.instanceSnapshot?.state === 'available'
            ? undefined
            : `the copy is ${out.instanceSnapshot?.state}`;
        },
      };
    },
  },
  {
    kind: 'copy-then-failing-restore',
    workflowType: 'copySnapshotAcrossRegions',
    expectFailure: true,
    async arrange(clients, label) {
      const { snapshotName } = await createInstanceSnapshot(clients, region, label);
      const target = `${snapshotName}-dr`;
      return {
        input: {
          sourceRegion: region,
          targetRegions: ['eu-west-1'],
          source: { type: 'manual', snapshotName },
          targetSnapshotName: target,
          // A bundle Lightsail does not have: the restore fails after the copy was made.
          restore: { instanceName: `${label}-restored`, bundleId: 'no_such_bundle_1_0' },
          poll: TEST_POLL,
        },
        check: async () => {
          const left = await clients.forRegion('eu-west-1').send(new GetInstanceSnapshotsCommand({}));
          return left.instanceSnapshots?.some((s) => s.name === target)
            ? `the copy ${target} was left behind`
            : undefined;
        },
      };
    },
  },
  {
    kind: 'export',
    workflowType: 'exportToEc2',
    expectFailure: false,
    async arrange(clients, label) {
      const { snapshotName } = await createDiskSnapshot(clients, region, label);
      return {
        input: { region, source: { type: 'diskSnapshot', snapshotName }, poll: TEST_POLL },
        check: ({ result }) =>
          Promise.resolve(
            (result as ExportToEc2Result).ebsSnapshotId?.startsWith('snap-')
              ? undefined
              : 'no EBS snapshot id',
          ),
      };
    },
  },
  {
    kind: 'release',
    workflowType: 'blueGreenDeploy',
    expectFailure: false,
    async arrange(clients, label) {
      const before = await createRunningService(clients, region, label, shopDeployment('1'));
      return {
        input: {
          strategy: 'in-place',
          region,
          serviceName: label,
          deployment: shopDeployment('2'),
          verification: { checks: 2, intervalSeconds: 0.1 },
          poll: TEST_POLL,
        },
        check: async ({ result }) => {
          const r = result as BlueGreenDeployResult;
          if (r.version !== (before.currentDeployment?.version ?? 0) + 1)
            return `version ${r.version}: a deployment was made twice`;
          const service = await getService(clients, region, label);
          const served = await servedBy(service.url!);
          return served.body.version === r.version
            ? undefined
            : `serves version ${String(served.body.version)}`;
        },
      };
    },
  },
];

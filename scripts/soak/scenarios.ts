import type { LightsailClients } from '../../src/lightsail/clients';
import type { CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import type { ExportToEc2Result } from '../../src/schemas/export-to-ec2';
import type { BlueGreenDeployResult } from '../../src/schemas/blue-green-deploy';
import type { MigrateInstanceResult } from '../../src/schemas/migrate-instance';
import type { RestoreDatabaseResult } from '../../src/schemas/restore-database';
import { readDatabase } from '../../src/lightsail/databases';
import { createDatabase, snapshotDatabase } from '../../test/support/database-fixtures';
import type { DrDrillReport } from '../../src/schemas/dr-report';
import type { FailoverResult } from '../../src/schemas/failover';
import { arrangeDrSeries } from '../../test/support/dr-fixtures';
import { dnsTargets } from '../../test/support/migration-fixtures';
import { createMigrationSource } from '../../test/support/migration-fixtures';
import {
  createRunningService,
  servedBy,
  shopDeployment,
  getService,
} from '../../test/support/container-fixtures';
import { createDiskSnapshot, createInstanceSnapshot } from '../../test/support/fixtures';
import { TEST_POLL } from '../../test/support/stack';
import {
  GetInstanceSnapshotCommand,
  GetInstanceSnapshotsCommand,
  GetInstancesCommand,
  GetStaticIpCommand,
} from '@aws-sdk/client-lightsail';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';

/**
 * One kind of run in the soak: how to arrange it, start it, and judge its end. A race arranges
 * two runs at once on the same names and sources.
 */
export interface SoakScenario {
  kind: string;
  workflowType: string;
  /**
   * How its runs must end: each completed, each failed (and cleaned up after itself), or, for a
   * race on one name, one completed and every other failed with TargetNameTaken.
   */
  expect: 'completed' | 'failed' | 'one-wins';
  arrange(clients: LightsailClients, label: string): Promise<Arranged>;
}

export interface Arranged {
  inputs: unknown[];
  check: Check;
  /**
   * Creates the runs make on purpose more than once, by `<region> <action> <name>`: two runs
   * releasing to one service make two deployments on it, one each.
   */
  expectedCreates?: Record<string, number>;
}

export interface RunEnd {
  runId: string;
  result?: unknown;
  failure?: string;
  failureType?: string;
}

/** Judges how a scenario's runs ended: undefined when right, else what is wrong. */
export type Check = (ends: RunEnd[], clients: LightsailClients) => Promise<string | undefined>;

/** A check of one run's result, for scenarios of one run. */
function single(check: (end: RunEnd) => Promise<string | undefined>): Check {
  return (ends) => check(ends[0]!);
}

async function copyIsRuns(
  clients: LightsailClients,
  snapshotName: string,
  runId: string,
): Promise<string | undefined> {
  const out = await clients
    .forRegion('eu-west-1')
    .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: snapshotName }))
    .catch(() => ({ instanceSnapshot: undefined }));
  const snapshot = out.instanceSnapshot;
  if (snapshot?.state !== 'available') return `the copy ${snapshotName} is ${snapshot?.state ?? 'gone'}`;
  const owner = snapshot.tags?.find((t) => t.key === RUN_TAG_KEY)?.value;
  return owner === runId
    ? undefined
    : `the copy ${snapshotName} is tagged as ${owner ?? 'nobody'}'s, not ${runId}'s`;
}

const region = 'us-east-1';

/** A resize whose old instance goes at once, so the run ends within the soak. */
function migrateInput(instanceName: string) {
  return {
    region,
    instanceName,
    target: { bundleId: 'medium_3_0' },
    verification: { type: 'http', checks: 2, intervalSeconds: 0.05 },
    keepOldFor: '0s',
    poll: TEST_POLL,
  };
}

/** The database is available and carries the run's tag. */
async function databaseIsRuns(clients: LightsailClients, name: string, runId: string) {
  const db = await readDatabase(clients, region, name);
  if (db?.state !== 'available') return `database ${name} is ${db?.state ?? 'gone'}`;
  const owner = db.tags?.find((t) => t.key === RUN_TAG_KEY)?.value;
  return owner === runId ? undefined : `database ${name} is tagged as ${owner ?? 'nobody'}'s, not ${runId}'s`;
}

/** The static IP ends attached to the new instance, and only there. */
async function staticIpOn(clients: LightsailClients, staticIpName: string, instanceName: string) {
  const ip = (await clients.forRegion(region).send(new GetStaticIpCommand({ staticIpName }))).staticIp;
  return ip?.attachedTo === instanceName
    ? undefined
    : `static IP ${staticIpName} is on ${ip?.attachedTo ?? 'nothing'}, not ${instanceName}`;
}

export const SCENARIOS: SoakScenario[] = [
  {
    kind: 'copy',
    workflowType: 'copySnapshotAcrossRegions',
    expect: 'completed',
    async arrange(clients, label) {
      const { snapshotName } = await createInstanceSnapshot(clients, region, label);
      const target = `${snapshotName}-dr`;
      return {
        inputs: [
          {
            sourceRegion: region,
            targetRegions: ['eu-west-1'],
            source: { type: 'manual', snapshotName },
            targetSnapshotName: target,
            poll: TEST_POLL,
          },
        ],
        check: single(async ({ result, runId }) => {
          const copy = (result as CopySnapshotResult).copies[0];
          if (copy?.snapshotName !== target) return `copied to ${copy?.snapshotName}`;
          return copyIsRuns(clients, target, runId);
        }),
      };
    },
  },
  {
    kind: 'copy-then-failing-restore',
    workflowType: 'copySnapshotAcrossRegions',
    expect: 'failed',
    async arrange(clients, label) {
      const { snapshotName } = await createInstanceSnapshot(clients, region, label);
      const target = `${snapshotName}-dr`;
      return {
        inputs: [
          {
            sourceRegion: region,
            targetRegions: ['eu-west-1'],
            source: { type: 'manual', snapshotName },
            targetSnapshotName: target,
            // A bundle Lightsail does not have: the restore fails after the copy was made.
            restore: { instanceName: `${label}-restored`, bundleId: 'no_such_bundle_1_0' },
            poll: TEST_POLL,
          },
        ],
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
    expect: 'completed',
    async arrange(clients, label) {
      const { snapshotName } = await createDiskSnapshot(clients, region, label);
      return {
        inputs: [{ region, source: { type: 'diskSnapshot', snapshotName }, poll: TEST_POLL }],
        check: single(({ result }) =>
          Promise.resolve(
            (result as ExportToEc2Result).ebsSnapshotId?.startsWith('snap-')
              ? undefined
              : 'no EBS snapshot id',
          ),
        ),
      };
    },
  },
  {
    kind: 'release',
    workflowType: 'blueGreenDeploy',
    expect: 'completed',
    async arrange(clients, label) {
      const before = await createRunningService(clients, region, label, shopDeployment('1'));
      return {
        inputs: [releaseInput(label)],
        check: single(async ({ result }) => {
          const r = result as BlueGreenDeployResult;
          if (r.version !== (before.currentDeployment?.version ?? 0) + 1)
            return `version ${r.version}: a deployment was made twice`;
          const service = await getService(clients, region, label);
          const served = await servedBy(service.url!);
          return served.body.version === r.version
            ? undefined
            : `serves version ${String(served.body.version)}`;
        }),
      };
    },
  },
  {
    kind: 'race: copies to one name',
    workflowType: 'copySnapshotAcrossRegions',
    expect: 'one-wins',
    async arrange(clients, label) {
      const { snapshotName } = await createInstanceSnapshot(clients, region, label);
      const target = `${snapshotName}-dr`;
      const input = {
        sourceRegion: region,
        targetRegions: ['eu-west-1'],
        source: { type: 'manual', snapshotName },
        targetSnapshotName: target,
        poll: TEST_POLL,
      };
      return {
        inputs: [input, input],
        check: async (ends) => {
          const winner = ends.find((e) => e.result !== undefined);
          return winner ? copyIsRuns(clients, target, winner.runId) : 'no run copied';
        },
      };
    },
  },
  {
    kind: 'race: copies of one source, default names',
    workflowType: 'copySnapshotAcrossRegions',
    expect: 'completed',
    async arrange(clients, label) {
      const { snapshotName } = await createInstanceSnapshot(clients, region, label);
      const input = {
        sourceRegion: region,
        targetRegions: ['eu-west-1'],
        source: { type: 'manual', snapshotName },
        poll: TEST_POLL,
      };
      return {
        inputs: [input, input],
        check: async (ends) => {
          const names = ends.map((e) => (e.result as CopySnapshotResult).copies[0]?.snapshotName ?? '');
          if (names[0] === names[1]) return `both runs report the copy ${names[0]}`;
          for (const [i, end] of ends.entries()) {
            const wrong = await copyIsRuns(clients, names[i]!, end.runId);
            if (wrong) return wrong;
          }
          return undefined;
        },
      };
    },
  },
  {
    kind: 'race: releases to one service',
    workflowType: 'blueGreenDeploy',
    expect: 'completed',
    async arrange(clients, label) {
      const before = await createRunningService(clients, region, label, shopDeployment('1'));
      const v1 = before.currentDeployment?.version ?? 0;
      return {
        inputs: [releaseInput(label), releaseInput(label)],
        expectedCreates: { [`${region} CreateContainerServiceDeployment ${label}`]: 2 },
        check: (ends) => {
          const versions = ends.map((e) => (e.result as BlueGreenDeployResult).version).sort();
          return Promise.resolve(
            versions.join() === `${v1 + 1},${v1 + 2}`
              ? undefined
              : `versions ${versions.join(' and ')}: a run adopted another's deployment or made two`,
          );
        },
      };
    },
  },
  {
    kind: 'failover',
    workflowType: 'failoverToRegion',
    expect: 'completed',
    async arrange(clients, label) {
      const src = await createMigrationSource(clients, region, label, { dns: true });
      await arrangeDrSeries(clients, src.instanceName);
      return {
        inputs: [{ ...drInput(src.instanceName), maxConcurrency: 2 }],
        check: single(async ({ result }) => {
          const one = (result as FailoverResult).instances[0];
          if (one?.outcome !== 'failed-over')
            return `the instance ${one?.outcome ?? 'is missing'}: ${one?.problem}`;
          const dns = await dnsTargets(clients, src.domainName!);
          const target = dns[`www.${src.domainName}`];
          return target === one.staticIp?.address
            ? undefined
            : `DNS points at ${target}, not ${one.staticIp?.address}`;
        }),
      };
    },
  },
  {
    kind: 'drill',
    workflowType: 'drDrill',
    expect: 'completed',
    async arrange(clients, label) {
      const src = await createMigrationSource(clients, region, label);
      await arrangeDrSeries(clients, src.instanceName);
      return {
        inputs: [drInput(src.instanceName)],
        check: single(async ({ result, runId }) => {
          const report = result as DrDrillReport;
          if (!report.met) return report.markdown;
          const left = await clients.forRegion('eu-west-1').send(new GetInstancesCommand({}));
          const mine = (left.instances ?? []).filter((i) =>
            i.tags?.some((t) => t.key === RUN_TAG_KEY && t.value === runId),
          );
          return mine.length ? `the drill left ${mine.map((i) => i.name).join(', ')}` : undefined;
        }),
      };
    },
  },
  {
    kind: 'migrate',
    workflowType: 'migrateInstance',
    expect: 'completed',
    async arrange(clients, label) {
      const src = await createMigrationSource(clients, region, label, { disks: 1, staticIp: true });
      return {
        inputs: [migrateInput(src.instanceName)],
        check: single(({ result }) =>
          staticIpOn(clients, src.staticIpName!, (result as MigrateInstanceResult).new.name),
        ),
      };
    },
  },
  {
    kind: 'race: migrations of one instance',
    workflowType: 'migrateInstance',
    expect: 'one-wins',
    async arrange(clients, label) {
      const src = await createMigrationSource(clients, region, label, { staticIp: true });
      const input = migrateInput(src.instanceName);
      return {
        inputs: [input, input],
        check: async (ends) => {
          const winner = ends.find((e) => e.result !== undefined);
          if (!winner) return 'no run migrated';
          return staticIpOn(clients, src.staticIpName!, (winner.result as MigrateInstanceResult).new.name);
        },
      };
    },
  },
  {
    kind: 'restore-database: refresh staging',
    workflowType: 'restoreDatabase',
    expect: 'completed',
    async arrange(clients, label) {
      const prod = await createDatabase(clients, region, `${label}-prod`);
      const staging = await createDatabase(clients, region, `${label}-staging`);
      return {
        inputs: [
          {
            region,
            source: { type: 'point-in-time', databaseName: prod.name },
            replace: { databaseName: staging.name, createdAt: staging.createdAt!.toISOString(), old: 'keep' },
            verification: { checks: 2, intervalSeconds: 0.05 },
            poll: TEST_POLL,
          },
        ],
        check: single(async ({ result, runId }) => {
          const r = result as RestoreDatabaseResult;
          return (
            (await databaseIsRuns(clients, staging.name!, runId)) ??
            (await databaseIsRuns(clients, r.replaced!.keptAs!, runId))
          );
        }),
      };
    },
  },
  {
    kind: 'race: restores to one database name',
    workflowType: 'restoreDatabase',
    expect: 'one-wins',
    async arrange(clients, label) {
      const prod = await createDatabase(clients, region, `${label}-src`);
      await snapshotDatabase(clients, region, prod.name!, `${prod.name}-snap`);
      const target = `${prod.name}-copy`;
      const input = {
        region,
        source: { type: 'snapshot', snapshotName: `${prod.name}-snap` },
        targetName: target,
        verification: { checks: 2, intervalSeconds: 0.05 },
        poll: TEST_POLL,
      };
      return {
        inputs: [input, input],
        check: async (ends) => {
          const winner = ends.find((e) => e.result !== undefined);
          return winner ? databaseIsRuns(clients, target, winner.runId) : 'no run restored';
        },
      };
    },
  },
];

/** A failover or a drill of one instance from us-east-1 to eu-west-1. */
function drInput(instanceName: string) {
  return {
    primaryRegion: region,
    drRegion: 'eu-west-1',
    instanceNames: [instanceName],
    verification: { type: 'http', checks: 2, intervalSeconds: 0.05 },
    poll: TEST_POLL,
  };
}

function releaseInput(serviceName: string) {
  return {
    strategy: 'in-place',
    region,
    serviceName,
    deployment: shopDeployment('2'),
    verification: { checks: 2, intervalSeconds: 0.1 },
    poll: TEST_POLL,
  };
}

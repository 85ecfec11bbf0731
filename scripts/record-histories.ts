/**
 * `npm run histories:record`: runs each procedure's success and failure paths on a fresh dev
 * server and emulator, and writes their histories to test/histories/, which the replay test
 * replays against the current workflow code. Run it again after an intended change to the
 * workflows (with `patched()` guarding the change for runs already in flight), and commit the
 * new files with the change. No codec: the recorded payloads are test data only.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { LOCAL_EMULATOR_CREDENTIALS, type LightsailSettings } from '../src/config';
import { startTemporalDevServer } from '../src/dev/temporal-dev-server';
import { startEmulator } from '../src/emulator';
import { LightsailClients } from '../src/lightsail/clients';
import { createWorker } from '../src/worker';
import { createDistribution, createRunningService, shopDeployment } from '../test/support/container-fixtures';
import { createDiskSnapshot, createInstance, createInstanceSnapshot } from '../test/support/fixtures';
import { createDatabase, snapshotDatabase } from '../test/support/database-fixtures';
import { createMigrationSource } from '../test/support/migration-fixtures';
import { createTaggedInstances, exampleRunbook } from '../test/support/runbook-fixtures';
import { arrangeDrSeries } from '../test/support/dr-fixtures';
import { TEST_POLL, TEST_TIME_SCALE } from '../test/support/stack';

const OUT = join(__dirname, '..', 'test', 'histories');

interface Scenario {
  /** The file name: <workflow type>-<path>. */
  name: string;
  workflowType: string;
  /** Arranges the emulator and answers the input. */
  input: (clients: LightsailClients) => Promise<unknown>;
}

/** A copy of a new manual snapshot from us-east-1 to eu-west-1, with `extra` on top. */
async function manualCopy(clients: LightsailClients, prefix: string, extra: Record<string, unknown> = {}) {
  return {
    sourceRegion: 'us-east-1',
    targetRegions: ['eu-west-1'],
    source: {
      type: 'manual',
      snapshotName: (await createInstanceSnapshot(clients, 'us-east-1', prefix)).snapshotName,
    },
    poll: TEST_POLL,
    ...extra,
  };
}

const SCENARIOS: Scenario[] = [
  {
    name: 'copySnapshotAcrossRegions-success',
    workflowType: 'copySnapshotAcrossRegions',
    input: (clients) => manualCopy(clients, 'replay'),
  },
  {
    // A name the user chose: the run holds its name lock (a child workflow) until it ends.
    name: 'copySnapshotAcrossRegions-chosen-name',
    workflowType: 'copySnapshotAcrossRegions',
    input: (clients) => manualCopy(clients, 'replay-named', { targetSnapshotName: 'replay-named-copy' }),
  },
  {
    name: 'copySnapshotAcrossRegions-instance-retention',
    workflowType: 'copySnapshotAcrossRegions',
    input: async (clients) => {
      await createInstance(clients, 'us-east-1', 'replay-web');
      return {
        sourceRegion: 'us-east-1',
        targetRegions: 'eu-west-1',
        source: { type: 'instance', instanceName: 'replay-web' },
        retention: { series: 'replay', keep: 1 },
        poll: TEST_POLL,
      };
    },
  },
  {
    name: 'copySnapshotAcrossRegions-source-not-found',
    workflowType: 'copySnapshotAcrossRegions',
    input: () =>
      Promise.resolve({
        sourceRegion: 'us-east-1',
        targetRegions: ['eu-west-1'],
        source: { type: 'manual', snapshotName: 'no-such-snapshot' },
        poll: TEST_POLL,
      }),
  },
  {
    name: 'blueGreenDeploy-in-place-success',
    workflowType: 'blueGreenDeploy',
    input: async (clients) => {
      await createRunningService(clients, 'us-east-1', 'replay-shop', shopDeployment('1'));
      return {
        strategy: 'in-place',
        region: 'us-east-1',
        serviceName: 'replay-shop',
        deployment: shopDeployment('2'),
        verification: { checks: 2, intervalSeconds: 0.1 },
        poll: TEST_POLL,
      };
    },
  },
  {
    name: 'blueGreenDeploy-in-place-deployment-failed',
    workflowType: 'blueGreenDeploy',
    input: async (clients) => {
      await createRunningService(clients, 'us-east-1', 'replay-shop-2', shopDeployment('1'));
      return {
        strategy: 'in-place',
        region: 'us-east-1',
        serviceName: 'replay-shop-2',
        deployment: shopDeployment('2', { EMULATOR_HEALTH_CHECK: 'fail' }),
        verification: { checks: 1, intervalSeconds: 0.1 },
        poll: TEST_POLL,
      };
    },
  },
  {
    // A bake of a few health checks: replays the bake's history as runs in flight wrote it.
    name: 'blueGreenDeploy-blue-green-success',
    workflowType: 'blueGreenDeploy',
    input: async (clients) => {
      await createRunningService(clients, 'us-east-1', 'replay-blue', shopDeployment('1'));
      await createDistribution(clients, 'replay-cdn', { name: 'replay-blue', regionName: 'us-east-1' });
      return {
        strategy: 'blue-green',
        region: 'us-east-1',
        services: ['replay-blue', 'replay-green'],
        distributionName: 'replay-cdn',
        deployment: shopDeployment('2'),
        verification: { checks: 1, intervalSeconds: 0.5 },
        bakeMinutes: 0.05,
        poll: TEST_POLL,
      };
    },
  },
  {
    name: 'exportToEc2-instance-snapshot-success',
    workflowType: 'exportToEc2',
    input: async (clients) => ({
      region: 'us-east-1',
      source: {
        type: 'instanceSnapshot',
        snapshotName: (await createInstanceSnapshot(clients, 'us-east-1', 'replay-exp')).snapshotName,
      },
      ec2: { instanceType: 't3.micro' },
      poll: TEST_POLL,
    }),
  },
  {
    name: 'exportToEc2-disk-snapshot-success',
    workflowType: 'exportToEc2',
    input: async (clients) => ({
      region: 'us-east-1',
      source: {
        type: 'diskSnapshot',
        snapshotName: (await createDiskSnapshot(clients, 'us-east-1', 'replay-disk')).snapshotName,
      },
      poll: TEST_POLL,
    }),
  },
  {
    name: 'exportToEc2-not-exportable',
    workflowType: 'exportToEc2',
    input: async (clients) => {
      await createInstance(clients, 'us-east-1', 'replay-cpanel', { blueprintId: 'cpanel_whm_linux' });
      return {
        region: 'us-east-1',
        source: { type: 'instance', instanceName: 'replay-cpanel' },
        ec2: { instanceType: 't3.micro' },
        poll: TEST_POLL,
      };
    },
  },
  {
    name: 'migrateInstance-success',
    workflowType: 'migrateInstance',
    input: async (clients) => {
      const src = await createMigrationSource(clients, 'us-east-1', 'replay-move', {
        disks: 1,
        staticIp: true,
        dns: true,
        loadBalancer: true,
      });
      return {
        region: 'us-east-1',
        instanceName: src.instanceName,
        target: { bundleId: 'medium_3_0' },
        verification: { type: 'http', checks: 2, intervalSeconds: 0.05 },
        keepOldFor: '0s',
        poll: TEST_POLL,
      };
    },
  },
  {
    // The source's software answers 503, and so does the instance made from its snapshot.
    name: 'migrateInstance-verification-failed',
    workflowType: 'migrateInstance',
    input: async (clients) => {
      const src = await createMigrationSource(clients, 'us-east-1', 'replay-broken', {
        staticIp: true,
        userData: 'EMULATOR_HTTP_STATUS=503',
      });
      return {
        region: 'us-east-1',
        instanceName: src.instanceName,
        target: { bundleId: 'medium_3_0' },
        verification: { type: 'http', checks: 2, intervalSeconds: 0.05 },
        poll: TEST_POLL,
      };
    },
  },
  {
    // Another region and a name the user chose: the static IP allocated there is the run's own.
    name: 'migrateInstance-cross-region-chosen-name',
    workflowType: 'migrateInstance',
    input: async (clients) => {
      const src = await createMigrationSource(clients, 'us-east-1', 'replay-far', {
        staticIp: true,
        dns: true,
      });
      return {
        region: 'us-east-1',
        instanceName: src.instanceName,
        newInstanceName: `${src.instanceName}-eu`,
        target: { region: 'eu-west-1' },
        verification: { type: 'tcp', port: 22, checks: 2, intervalSeconds: 0.05 },
        keepOldFor: '0s',
        poll: TEST_POLL,
      };
    },
  },
  {
    name: 'migrateInstance-refused',
    workflowType: 'migrateInstance',
    input: async (clients) => {
      const src = await createMigrationSource(clients, 'us-east-1', 'replay-small');
      return {
        region: 'us-east-1',
        instanceName: src.instanceName,
        target: { bundleId: 'nano_3_0' },
        poll: TEST_POLL,
      };
    },
  },
  {
    // Refresh staging from production: the old staging aside (kept), the point in time restored
    // under its name, verified over TCP.
    name: 'restoreDatabase-swap-success',
    workflowType: 'restoreDatabase',
    input: async (clients) => {
      const prod = await createDatabase(clients, 'us-east-1', 'replay-prod');
      const staging = await createDatabase(clients, 'us-east-1', 'replay-staging');
      return {
        region: 'us-east-1',
        source: { type: 'point-in-time', databaseName: prod.name },
        replace: { databaseName: staging.name, createdAt: staging.createdAt!.toISOString(), old: 'keep' },
        verification: { checks: 2, intervalSeconds: 0.05 },
        poll: TEST_POLL,
      };
    },
  },
  {
    name: 'restoreDatabase-refused',
    workflowType: 'restoreDatabase',
    input: async (clients) => {
      const prod = await createDatabase(clients, 'us-east-1', 'replay-big', { bundleId: 'medium_2_0' });
      await snapshotDatabase(clients, 'us-east-1', prod.name!, `${prod.name}-snap`);
      return {
        region: 'us-east-1',
        source: { type: 'snapshot', snapshotName: `${prod.name}-snap` },
        bundleId: 'micro_2_0',
        poll: TEST_POLL,
      };
    },
  },
  drScenario('failoverToRegion-success', 'failoverToRegion', 'replay-fo', { dns: true }),
  // No DR copy of the instance: nothing fails over, the run fails with the result as its detail.
  drScenario('failoverToRegion-no-dr-copy', 'failoverToRegion', 'replay-fo-bare', { copied: false }),
  drScenario('drDrill-met', 'drDrill', 'replay-drill'),
  // A copy older than the drill's target allows: a second is more than 0.0001 h.
  drScenario('drDrill-targets-missed', 'drDrill', 'replay-drill-old', {
    input: { targets: { maxSnapshotAgeHours: 0.0001 } },
    wait: 1_000,
  }),
];

/** A runbook that snapshots an instance (undone on failure) and then fails: its rollback. */
const SNAPSHOT_THEN_FAIL = `runbook: snapshot-then-fail
region: us-east-1
parameters:
  instance: { type: string }
steps:
  - id: snap
    call: CreateInstanceSnapshot
    params:
      instanceName: \${{ params.instance }}
      instanceSnapshotName: \${{ join('-', [params.instance, 'replay', run.suffix]) }}
    undo:
      call: DeleteInstanceSnapshot
      params: { instanceSnapshotName: "\${{ step.params.instanceSnapshotName }}" }
  - id: stop
    fail: stopped on purpose after \${{ steps.snap.operations[0].resourceName }}
`;

SCENARIOS.push(
  {
    name: 'runRunbook-patch-fleet-success',
    workflowType: 'runRunbook',
    input: async (clients) => {
      await createTaggedInstances(clients, 'us-east-1', ['replay-fleet-1', 'replay-fleet-2'], {
        key: 'env',
        value: 'replay',
      });
      return {
        runbook: { text: exampleRunbook('patch-fleet.yaml') },
        params: { tagValue: 'replay' },
        poll: TEST_POLL,
      };
    },
  },
  {
    name: 'runRunbook-failure-undone',
    workflowType: 'runRunbook',
    input: async (clients) => {
      await createInstance(clients, 'us-east-1', 'replay-undone');
      return {
        runbook: { text: SNAPSHOT_THEN_FAIL },
        params: { instance: 'replay-undone' },
        poll: TEST_POLL,
      };
    },
  },
);

/**
 * A failover or drill of one instance protected by one night of the DR runbook (arranged through
 * the SDK), from us-east-1 to eu-west-1.
 */
function drScenario(
  name: string,
  workflowType: string,
  prefix: string,
  options: { dns?: boolean; copied?: boolean; input?: object; wait?: number } = {},
): Scenario {
  return {
    name,
    workflowType,
    input: async (clients) => {
      const src = await createMigrationSource(clients, 'us-east-1', prefix, { dns: options.dns ?? false });
      if (options.copied ?? true) await arrangeDrSeries(clients, src.instanceName);
      if (options.wait) await new Promise((r) => setTimeout(r, options.wait));
      return {
        primaryRegion: 'us-east-1',
        drRegion: 'eu-west-1',
        instanceNames: [src.instanceName],
        verification: { type: 'http', checks: 2, intervalSeconds: 0.05 },
        poll: TEST_POLL,
        ...options.input,
      };
    },
  };
}

async function main(): Promise<void> {
  // `npm run histories:record -- NAME...` records only those scenarios, leaving the other files as
  // they are (a re-recording changes every file's ids and times).
  const names = process.argv.slice(2);
  const chosen = names.length > 0 ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`No scenario named ${unknown.join(', ')}`);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const [{ env }, emulator] = await Promise.all([
    startTemporalDevServer({ log: () => undefined }),
    // Exports take two AWS hours: fast enough here to record in seconds.
    startEmulator({ port: 0, timeScale: TEST_TIME_SCALE * 10 }),
  ]);
  const lightsail: LightsailSettings = {
    endpoint: emulator.url,
    credentials: LOCAL_EMULATOR_CREDENTIALS,
    sdkMaxAttempts: 1,
  };
  const clients = new LightsailClients(lightsail);
  const taskQueue = `record-${randomUUID().slice(0, 8)}`;
  const {
    worker,
    clients: workerClients,
    run,
  } = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    lightsail,
  });
  const running = run();
  const client = new Client({ connection: env.connection, namespace: 'default' });
  mkdirSync(OUT, { recursive: true });
  try {
    for (const scenario of chosen) {
      const handle = await client.workflow.start(scenario.workflowType, {
        taskQueue,
        workflowId: scenario.name,
        args: [await scenario.input(clients)],
      });
      const outcome = await handle.result().then(
        () => 'completed',
        (err: unknown) => {
          if (err instanceof WorkflowFailedError) return `failed: ${err.cause?.message ?? ''}`;
          throw err;
        },
      );
      const history = await handle.fetchHistory();
      // Proto3 JSON (enum names, base64 bytes), as `temporal workflow show --output json` writes it.
      const json = temporal.api.history.v1.History.fromObject(history).toJSON();
      writeFileSync(join(OUT, `${scenario.name}.json`), `${JSON.stringify(json, null, 1)}\n`);
      console.error(`${scenario.name}: ${outcome.split('\n')[0]} (${history.events?.length} events)`);
    }
  } finally {
    worker.shutdown();
    await running;
    workerClients.destroy();
    clients.destroy();
    await env.teardown();
    await emulator.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

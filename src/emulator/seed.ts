import type { Clock } from './clock';
import { makeContext, type ActionRegistry } from './registry';
import { addAutoSnapshot } from './resources/auto-snapshots';
import type { EmulatorState, StoredBase } from './state';

/** What `seed` puts in a fresh emulator; the dev stack's example input copies SEEDED.snapshot. */
export const SEEDED = {
  region: 'us-east-1',
  instance: 'web-1',
  snapshot: 'web-1-base',
  disk: 'data-1',
  diskSnapshot: 'data-1-base',
  otherRegion: 'eu-west-1',
  otherInstance: 'app-1',
  otherSnapshot: 'app-1-base',
  /** examples/blue-green-deploy.json's pair: blue serves v1 through the distribution, green idles. */
  liveService: 'shop-blue',
  idleService: 'shop-green',
  distribution: 'shop-cdn',
  /** examples/migrate-instance.json moves blog-1, reached on its static IP through blog.example.com. */
  migratedInstance: 'blog-1',
  migratedStaticIp: 'blog-1-ip',
  domain: 'blog.example.com',
  /**
   * examples/restore-database.json restores orders-db; examples/nightly-staging-refresh.json
   * replaces orders-db-staging with it. In their own region, so the database tests' region starts empty.
   */
  databaseRegion: 'us-west-2',
  database: 'orders-db',
  databaseSnapshot: 'orders-db-base',
  stagingDatabase: 'orders-db-staging',
} as const;

/**
 * A few instances and snapshots in two regions, already in their final states, with three days
 * of automatic snapshots of web-1: enough to try every kind of copy at once. Plus the container
 * services and distribution examples/blue-green-deploy.json releases to, so every example runs
 * on a fresh dev stack. The service and distribution handlers take loopback ports from the port
 * pool, so callers fill it first (fillPortPool).
 */
export function seed(state: EmulatorState, registry: ActionRegistry, clock: Clock): void {
  const call = (region: string, action: string, params: Record<string, unknown>) =>
    registry.get(action)!.handler(makeContext(state, region, clock), params);
  const s = SEEDED;
  call(s.region, 'CreateInstances', {
    instanceNames: [s.instance],
    availabilityZone: `${s.region}a`,
    blueprintId: 'wordpress',
    bundleId: 'small_3_0',
    addOns: [{ addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:00' } }],
    tags: [{ key: 'app', value: 'blog' }],
  });
  call(s.region, 'CreateDisk', { diskName: s.disk, availabilityZone: `${s.region}a`, sizeInGb: 32 });
  call(s.otherRegion, 'CreateInstances', {
    instanceNames: [s.otherInstance],
    availabilityZone: `${s.otherRegion}a`,
    blueprintId: 'ubuntu_22_04',
    bundleId: 'micro_3_0',
  });
  settle(state, clock.now());
  call(s.region, 'CreateInstanceSnapshot', { instanceName: s.instance, instanceSnapshotName: s.snapshot });
  call(s.region, 'CreateDiskSnapshot', { diskName: s.disk, diskSnapshotName: s.diskSnapshot });
  call(s.otherRegion, 'CreateInstanceSnapshot', {
    instanceName: s.otherInstance,
    instanceSnapshotName: s.otherSnapshot,
  });
  for (const days of [1, 2, 3]) {
    const date = new Date(clock.now() - days * 86_400_000).toISOString().slice(0, 10);
    addAutoSnapshot(state, clock, { region: s.region, resourceName: s.instance, date });
  }
  seedReleasePair(call);
  seedMigrationSource(state, clock, call);
  seedDatabases(state, clock, call);
  settle(state, clock.now());
}

/**
 * orders-db (production) with a snapshot, and orders-db-staging, which stands as an earlier
 * night's refresh: it carries the run and restored-from tags a restoreDatabase run of orders-db
 * puts on what it makes (the keys of src/lightsail/ownership.ts and src/schemas/restore-database.ts;
 * the emulator imports neither), so the nightly example may replace it without its creation time.
 */
function seedDatabases(
  state: EmulatorState,
  clock: Clock,
  call: (region: string, action: string, params: Record<string, unknown>) => unknown,
) {
  const s = SEEDED;
  const database = (name: string, tags: { key: string; value: string }[]) =>
    call(s.databaseRegion, 'CreateRelationalDatabase', {
      relationalDatabaseName: name,
      relationalDatabaseBlueprintId: 'postgres_16',
      relationalDatabaseBundleId: 'micro_2_0',
      masterDatabaseName: 'orders',
      masterUsername: 'app',
      tags,
    });
  database(s.database, [{ key: 'env', value: 'production' }]);
  database(s.stagingDatabase, [
    { key: 'env', value: 'staging' },
    { key: 'lightsail-flows:run', value: 'seed-staging-refresh' },
    { key: 'lightsail-flows:restored-from', value: s.database },
  ]);
  settle(state, clock.now());
  call(s.databaseRegion, 'CreateRelationalDatabaseSnapshot', {
    relationalDatabaseName: s.database,
    relationalDatabaseSnapshotName: s.databaseSnapshot,
  });
}

/** blog-1, running with a static IP that www.blog.example.com points at: what a migration moves. */
function seedMigrationSource(
  state: EmulatorState,
  clock: Clock,
  call: (region: string, action: string, params: Record<string, unknown>) => unknown,
) {
  const s = SEEDED;
  call(s.region, 'CreateInstances', {
    instanceNames: [s.migratedInstance],
    availabilityZone: `${s.region}a`,
    blueprintId: 'ubuntu_22_04',
    bundleId: 'small_3_0',
    tags: [{ key: 'app', value: 'blog' }],
  });
  settle(state, clock.now());
  call(s.region, 'AllocateStaticIp', { staticIpName: s.migratedStaticIp });
  call(s.region, 'AttachStaticIp', { staticIpName: s.migratedStaticIp, instanceName: s.migratedInstance });
  const address = state[s.region]!.staticIps[s.migratedStaticIp]!.ipAddress;
  call('us-east-1', 'CreateDomain', { domainName: s.domain });
  call('us-east-1', 'CreateDomainEntry', {
    domainName: s.domain,
    domainEntry: { name: `www.${s.domain}`, type: 'A', target: address },
  });
}

/** The v1 the blue side serves; the example releases the same image with APP_VERSION 2. */
const SHOP_V1 = {
  containers: {
    web: { image: 'nginx:1.27', environment: { APP_VERSION: '1' }, ports: { '80': 'HTTP' } },
  },
  publicEndpoint: {
    containerName: 'web',
    containerPort: 80,
    healthCheck: { path: '/', successCodes: '200-299' },
  },
};

/**
 * shop-blue running v1 on two nodes (so the example's `afterBake: scale-down` shows), shop-green
 * created with nothing deployed, and shop-cdn in front of shop-blue.
 */
function seedReleasePair(call: (region: string, action: string, params: Record<string, unknown>) => unknown) {
  const s = SEEDED;
  call(s.region, 'CreateContainerService', {
    serviceName: s.liveService,
    power: 'nano',
    scale: 2,
    deployment: SHOP_V1,
  });
  call(s.region, 'CreateContainerService', { serviceName: s.idleService, power: 'nano', scale: 2 });
  call('us-east-1', 'CreateDistribution', {
    distributionName: s.distribution,
    origin: { name: s.liveService, regionName: s.region, protocolPolicy: 'https-only' },
    defaultCacheBehavior: { behavior: 'cache' },
    bundleId: 'small_1_0',
  });
}

/** Moves every seeded resource and operation to its final state now. */
function settle(state: EmulatorState, now: number): void {
  for (const store of Object.values(state)) {
    const resources: StoredBase[] = [
      ...Object.values(store.instances),
      ...Object.values(store.instanceSnapshots),
      ...Object.values(store.disks),
      ...Object.values(store.diskSnapshots),
      ...Object.values(store.relationalDatabases),
      ...Object.values(store.relationalDatabaseSnapshots),
    ];
    for (const r of resources) r.readyAtMs = r.createdAtMs;
    for (const op of Object.values(store.operations)) op.completesAtMs = op.createdAtMs;
    for (const service of Object.values(store.containerServices)) {
      service.readyAtMs = service.createdAtMs;
      for (const d of service.deployments) d.settlesAtMs = d.createdAtMs;
      // Its deployment's log lines were dated for when it would have settled: they happened now.
      for (const line of service.logs) line.createdAtMs = Math.min(line.createdAtMs, now);
    }
    for (const d of Object.values(store.distributions)) d.rolloutEndAtMs = d.rolloutStartAtMs;
  }
}

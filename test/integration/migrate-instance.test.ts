import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import {
  GetDiskCommand,
  GetDisksCommand,
  GetDiskSnapshotsCommand,
  GetInstanceSnapshotsCommand,
  GetStaticIpCommand,
} from '@aws-sdk/client-lightsail';
import type { WorkflowHandle } from '@temporalio/client';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import {
  MIGRATE_INSTANCE_WORKFLOW,
  type MigrateInstanceInput,
  type MigrateInstanceResult,
} from '../../src/schemas/migrate-instance';
import type { migrateInstance } from '../../workflows';
import { expectFailure } from '../support/failures';
import { waitUntil } from '../support/fixtures';
import {
  CUSTOM_PORTS,
  createMigrationSource,
  dnsTargets,
  lbHealth,
  portRules,
  readInstance,
  releaseSourceStaticIps,
} from '../support/migration-fixtures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

/** Checks quick enough for the tests: three GETs 50 ms apart. */
const QUICK_HTTP = {
  type: 'http' as const,
  port: 80,
  path: '/',
  checks: 3,
  intervalSeconds: 0.05,
  timeoutSeconds: 2,
};

describe('migrateInstance: an instance moves to a new size, zone or region with its address', function () {
  this.timeout(180_000);
  let stack: TestStack;

  // The sources' static IPs go after each test: Lightsail allows five a region.
  afterEach(() => releaseSourceStaticIps());

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  function start(
    input: MigrateInstanceInput,
    id = `test-migrate-${randomUUID()}`,
  ): Promise<WorkflowHandle<typeof migrateInstance>> {
    return stack.client.workflow.start<typeof migrateInstance>(MIGRATE_INSTANCE_WORKFLOW, {
      taskQueue: stack.sharedTaskQueue,
      workflowId: id,
      args: [{ poll: TEST_POLL, verification: QUICK_HTTP, ...input }],
    });
  }

  const progressOf = (h: WorkflowHandle) => h.query<RunProgress>(PROGRESS_QUERY);
  const stepState = async (h: WorkflowHandle, id: string) =>
    (await progressOf(h)).steps.find((s) => s.id === id)?.state;

  async function snapshotsOfRun(region: string, runId: string): Promise<string[]> {
    const out = await stack.clients.forRegion(region).send(new GetInstanceSnapshotsCommand({}));
    return (out.instanceSnapshots ?? [])
      .filter((s) => s.tags?.some((t) => t.key === 'lightsail-flows:run' && t.value === runId))
      .map((s) => s.name ?? '');
  }

  async function diskSnapshotsOfRun(region: string, runId: string): Promise<string[]> {
    const out = await stack.clients.forRegion(region).send(new GetDiskSnapshotsCommand({}));
    return (out.diskSnapshots ?? [])
      .filter((s) => s.tags?.some((t) => t.key === 'lightsail-flows:run' && t.value === runId))
      .map((s) => s.name ?? '');
  }

  async function disksOfRun(region: string, runId: string): Promise<string[]> {
    const out = await stack.clients.forRegion(region).send(new GetDisksCommand({}));
    return (out.disks ?? [])
      .filter((d) => d.tags?.some((t) => t.key === 'lightsail-flows:run' && t.value === runId))
      .map((d) => d.name ?? '');
  }

  it('a same-region resize keeps the static IP, disks, firewall, tags, DNS and load balancer, field by field, waits its keep period without events, and deletes the old one on finish-now', async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-resize', {
      disks: 2,
      staticIp: true,
      dns: true,
      loadBalancer: true,
    });
    const before = (await readInstance(stack.clients, src.region, src.instanceName))!;
    const portsBefore = await portRules(stack.clients, src.region, src.instanceName);
    const newName = `${src.instanceName}-big`;
    const handle = await start({
      region: 'us-east-1',
      instanceName: src.instanceName,
      newInstanceName: newName,
      target: { bundleId: 'medium_3_0' },
      keepOldFor: '7d',
    });

    await waitUntil(
      'the keep period',
      async () => ((await stepState(handle, 'keep')) === 'running' ? true : undefined),
      120_000,
      200,
    );

    const after = (await readInstance(stack.clients, src.region, newName))!;
    assert.equal(after.state?.name, 'running');
    assert.equal(after.bundleId, 'medium_3_0');
    assert.equal(after.blueprintId, before.blueprintId);
    assert.equal(after.location?.availabilityZone, before.location?.availabilityZone);
    // The same address: the static IP moved.
    assert.equal(after.publicIpAddress, src.address);
    assert.equal(after.isStaticIp, true);
    const ip = (
      await stack.clients
        .forRegion(src.region)
        .send(new GetStaticIpCommand({ staticIpName: src.staticIpName! }))
    ).staticIp!;
    assert.equal(ip.attachedTo, newName);
    assert.deepEqual(await portRules(stack.clients, src.region, newName), portsBefore);
    assert.equal(portsBefore.length, CUSTOM_PORTS.length);
    const tags = new Map((after.tags ?? []).map((t) => [t.key, t.value]));
    assert.equal(tags.get('app'), 'shop');
    assert.equal(tags.get('env'), 'prod');
    assert.deepEqual(
      after.addOns?.filter((a) => a.name === 'AutoSnapshot').map((a) => [a.status, a.snapshotTimeOfDay]),
      [['Enabled', '06:00']],
    );
    assert.equal(after.metadataOptions?.httpTokens, 'required');
    const newDisks = (after.hardware?.disks ?? []).filter((d) => !d.isSystemDisk);
    assert.deepEqual(newDisks.map((d) => d.path).sort(), src.disks.map((d) => d.path).sort());
    for (const d of newDisks) {
      const disk = (await stack.clients.forRegion(src.region).send(new GetDiskCommand({ diskName: d.name! })))
        .disk!;
      assert.equal(disk.attachedTo, newName);
      assert.ok(!src.disks.some((o) => o.name === d.name), 'the new instance has copies, not the old disks');
    }
    // The address stayed, so the DNS entry did too; the load balancer holds only the new one.
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
      [`www.${src.domainName}`]: src.address,
    });
    assert.deepEqual(await lbHealth(stack.clients, src.region, src.loadBalancerName!), {
      [newName]: 'healthy',
    });
    // The old one is stopped and waits for its deletion.
    assert.equal((await readInstance(stack.clients, src.region, src.instanceName))?.state?.name, 'stopped');
    const progress = await progressOf(handle);
    assert.match(String(progress.facts['old instance deleted at']), /^\d{4}-/);
    assert.match(String(progress.facts['static IP']), new RegExp(`${src.staticIpName}.*${newName}`));

    // The keep period is one timer: no event accrues while it waits, however long it is.
    const eventsNow = async () => (await handle.fetchHistory()).events?.length ?? 0;
    const atKeep = await eventsNow();
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(await eventsNow(), atKeep, 'events accrued during the keep period');

    await stack.client.workflow
      .getHandle(handle.workflowId)
      .executeUpdate('finish-now', { args: [{ by: 'test' }] });
    const result: MigrateInstanceResult = await handle.result();
    assert.equal(await readInstance(stack.clients, src.region, src.instanceName), undefined);
    assert.deepEqual(
      await snapshotsOfRun(src.region, handle.workflowId),
      [],
      'the run deletes its snapshots',
    );
    assert.equal(result.staticIp?.moved, true);
    assert.deepEqual(result.loadBalancers, [src.loadBalancerName]);
    assert.equal(result.disks.length, 2);
    // The old disks stay: the run did not make them.
    for (const d of src.disks) {
      assert.ok(
        (await stack.clients.forRegion(src.region).send(new GetDiskCommand({ diskName: d.name }))).disk,
      );
    }
  });

  it('a cross-region move, verified over TCP, allocates a static IP there, rewrites the DNS entry to it, and brings its disk and IP address type', async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-region', {
      staticIp: true,
      dns: true,
      disks: 1,
    });
    const handle = await start({
      region: 'us-east-1',
      instanceName: src.instanceName,
      target: { region: 'eu-west-1', availabilityZone: 'eu-west-1b', ipAddressType: 'dualstack' },
      verification: { type: 'tcp', port: 22, checks: 2, intervalSeconds: 0.05 },
      keepOldFor: '0s',
    });
    const result = await handle.result();
    const moved = (await readInstance(stack.clients, 'eu-west-1', result.new.name))!;
    assert.equal(moved.location?.availabilityZone, 'eu-west-1b');
    assert.equal(moved.ipAddressType, 'dualstack');
    // The disk was snapshotted, copied and made again in eu-west-1b, at the same path.
    const movedDisks = (moved.hardware?.disks ?? []).filter((d) => !d.isSystemDisk);
    assert.deepEqual(
      movedDisks.map((d) => d.path),
      src.disks.map((d) => d.path),
    );
    const disk = (
      await stack.clients.forRegion('eu-west-1').send(new GetDiskCommand({ diskName: movedDisks[0]!.name! }))
    ).disk!;
    assert.equal(disk.location?.availabilityZone, 'eu-west-1b');
    assert.equal(disk.attachedTo, result.new.name);
    assert.deepEqual(result.disks, [{ from: src.disks[0]!.name, to: disk.name, path: src.disks[0]!.path }]);
    assert.equal(result.staticIp?.region, 'eu-west-1');
    assert.equal(moved.publicIpAddress, result.staticIp?.address);
    assert.notEqual(moved.publicIpAddress, src.address);
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
      [`www.${src.domainName}`]: moved.publicIpAddress,
    });
    assert.deepEqual(
      result.dnsEntries.map((e) => [e.from, e.to]),
      [[src.address, moved.publicIpAddress]],
    );
    assert.equal(await readInstance(stack.clients, 'us-east-1', src.instanceName), undefined);
    assert.deepEqual(await snapshotsOfRun('us-east-1', handle.workflowId), []);
    assert.deepEqual(await snapshotsOfRun('eu-west-1', handle.workflowId), []);
    assert.deepEqual(await diskSnapshotsOfRun('us-east-1', handle.workflowId), []);
    assert.deepEqual(await diskSnapshotsOfRun('eu-west-1', handle.workflowId), []);
    // Progress says where the address and the DNS entry went.
    const progress = await progressOf(handle);
    assert.equal(
      progress.facts['static IP'],
      `${result.staticIp?.name} (${result.staticIp?.address}) → ${result.new.name}`,
    );
    assert.equal(progress.facts['DNS entries'], `www.${src.domainName} A`);
    // The old region's static IP is the user's: released by nobody, now unattached.
    const oldIp = (
      await stack.clients
        .forRegion('us-east-1')
        .send(new GetStaticIpCommand({ staticIpName: src.staticIpName! }))
    ).staticIp;
    assert.equal(oldIp?.isAttached, false);
  });

  it('a verification that fails puts everything back: the new instance and disks deleted, the old one untouched', async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-verify', {
      disks: 1,
      staticIp: true,
    });
    const newName = `${src.instanceName}-new`;
    await stack.control.setInstanceBehaviour({ region: 'us-east-1', instanceName: newName, httpStatus: 503 });
    const handle = await start({
      region: 'us-east-1',
      instanceName: src.instanceName,
      newInstanceName: newName,
      target: { bundleId: 'medium_3_0' },
    });
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, 'VerificationFailed', failure.message);
    assert.match(failure.message, /503/);
    assert.equal(await readInstance(stack.clients, 'us-east-1', newName), undefined);
    assert.deepEqual(await disksOfRun('us-east-1', handle.workflowId), []);
    assert.deepEqual(await snapshotsOfRun('us-east-1', handle.workflowId), []);
    const old = (await readInstance(stack.clients, 'us-east-1', src.instanceName))!;
    assert.equal(old.state?.name, 'running');
    assert.equal(old.publicIpAddress, src.address);
    const progress = await progressOf(handle);
    assert.ok(progress.resources.some((r) => r.name === newName && r.action === 'deleted'));
  });

  it('a rollback during the keep period moves the static IP, DNS and load balancer back and starts the old instance', async () => {
    const src = await createMigrationSource(stack.clients, 'us-east-1', 'mig-rollback', {
      staticIp: true,
      dns: true,
      loadBalancer: true,
    });
    const handle = await start({
      region: 'us-east-1',
      instanceName: src.instanceName,
      target: { bundleId: 'medium_3_0' },
      keepOldFor: '30d',
    });
    await waitUntil(
      'the keep period',
      async () => ((await stepState(handle, 'keep')) === 'running' ? true : undefined),
      120_000,
      200,
    );
    const newName = String((await progressOf(handle)).facts['new instance']).split(' ')[0]!;
    assert.equal((await readInstance(stack.clients, 'us-east-1', newName))?.publicIpAddress, src.address);

    const answer = await stack.client.workflow
      .getHandle(handle.workflowId)
      .executeUpdate<string, [unknown]>('rollback', { args: [{ reason: 'latency doubled' }] });
    assert.match(answer, /back to the old instance/);
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, 'MigrationRolledBack');

    const old = (await readInstance(stack.clients, 'us-east-1', src.instanceName))!;
    assert.equal(old.state?.name, 'running');
    assert.equal(old.publicIpAddress, src.address);
    assert.equal(await readInstance(stack.clients, 'us-east-1', newName), undefined);
    assert.deepEqual(await dnsTargets(stack.clients, src.domainName!), {
      [`www.${src.domainName}`]: src.address,
    });
    await waitUntil('the old instance healthy again', async () =>
      (await lbHealth(stack.clients, 'us-east-1', src.loadBalancerName!))[src.instanceName] === 'healthy'
        ? true
        : undefined,
    );
    assert.deepEqual(Object.keys(await lbHealth(stack.clients, 'us-east-1', src.loadBalancerName!)), [
      src.instanceName,
    ]);
    assert.deepEqual(await snapshotsOfRun('us-east-1', handle.workflowId), []);
  });
});

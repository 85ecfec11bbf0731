import { strict as assert } from 'node:assert';
import {
  AttachDiskCommand,
  AttachInstancesToLoadBalancerCommand,
  CopySnapshotCommand,
  CreateDiskCommand,
  CreateDiskFromSnapshotCommand,
  CreateDiskSnapshotCommand,
  CreateInstanceSnapshotCommand,
  CreateInstancesFromSnapshotCommand,
  CreateLoadBalancerCommand,
  DetachInstancesFromLoadBalancerCommand,
  EnableAddOnCommand,
  GetDiskCommand,
  GetDiskSnapshotCommand,
  GetInstanceCommand,
  GetInstancePortStatesCommand,
  GetInstanceSnapshotCommand,
  GetLoadBalancerCommand,
  InvalidInputException,
  PutInstancePublicPortsCommand,
  TagResourceCommand,
  type CreateInstancesFromSnapshotCommandInput,
} from '@aws-sdk/client-lightsail';
import { assertMatchesReference } from './conformance';
import { FAST, useEmulator, waitFor } from './harness';
import { runningInstance, waitForState } from './instance-helpers';
import { rejectsWith } from './network-helpers';

const east = 'us-east-1';

/** What migrating an instance to a new size or zone asks of the emulator, step by step. */
describe('Lightsail emulator: what an instance migration uses', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  const snapshot = () => client().send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'old-snap' }));
  const diskSnapshot = () => client().send(new GetDiskSnapshotCommand({ diskSnapshotName: 'data-snap' }));

  /** The old instance (micro, 40 GB, Linux) in zone a with a disk attached at /dev/xvdf. */
  async function oldInstanceWithDisk() {
    await runningInstance(client(), 'old');
    await client().send(
      new CreateDiskCommand({ diskName: 'data', availabilityZone: `${east}a`, sizeInGb: 64 }),
    );
    await waitFor(
      () => client().send(new GetDiskCommand({ diskName: 'data' })),
      (r) => r.disk?.state === 'available',
    );
    await client().send(
      new AttachDiskCommand({ diskName: 'data', instanceName: 'old', diskPath: '/dev/xvdf' }),
    );
  }

  async function availableSnapshot() {
    await client().send(
      new CreateInstanceSnapshotCommand({ instanceName: 'old', instanceSnapshotName: 'old-snap' }),
    );
    return waitFor(snapshot, (r) => r.instanceSnapshot?.state === 'available');
  }

  const fromSnapshot = (extra: Partial<CreateInstancesFromSnapshotCommandInput> = {}) =>
    client().send(
      new CreateInstancesFromSnapshotCommand({
        instanceNames: ['new'],
        instanceSnapshotName: 'old-snap',
        availabilityZone: `${east}b`,
        bundleId: 'small_3_0',
        ...extra,
      }),
    );

  it('CreateInstanceSnapshot is pending, then available, keeping the instance it came from and its attached disks', async () => {
    await oldInstanceWithDisk();
    await h.control.setTimeScale(100);
    await client().send(
      new CreateInstanceSnapshotCommand({ instanceName: 'old', instanceSnapshotName: 'old-snap' }),
    );
    assert.equal((await snapshot()).instanceSnapshot?.state, 'pending');
    await h.control.setTimeScale(FAST);
    const done = await waitFor(snapshot, (r) => r.instanceSnapshot?.state === 'available');
    assertMatchesReference('GetInstanceSnapshot', done);
    const s = done.instanceSnapshot!;
    assert.deepEqual(
      [s.fromInstanceName, s.fromBlueprintId, s.fromBundleId, s.sizeInGb, s.progress],
      ['old', 'ubuntu_22_04', 'micro_3_0', 40, '100%'],
    );
    assert.deepEqual(
      s.fromAttachedDisks?.map((d) => [d.name, d.path, d.sizeInGb, d.isSystemDisk]),
      [['data', '/dev/xvdf', 64, false]],
    );
  });

  it('CreateDiskSnapshot snapshots a disk while it is attached: pending, then completed', async () => {
    await oldInstanceWithDisk();
    await h.control.setTimeScale(100);
    await client().send(new CreateDiskSnapshotCommand({ diskName: 'data', diskSnapshotName: 'data-snap' }));
    assert.equal((await diskSnapshot()).diskSnapshot?.state, 'pending');
    await h.control.setTimeScale(FAST);
    const done = await waitFor(diskSnapshot, (r) => r.diskSnapshot?.state === 'completed');
    assert.deepEqual(
      [done.diskSnapshot?.fromDiskName, done.diskSnapshot?.sizeInGb, done.diskSnapshot?.progress],
      ['data', 64, '100%'],
    );
  });

  it('CreateInstancesFromSnapshot takes another bundle, zone and ipAddressType, and tags', async () => {
    await oldInstanceWithDisk();
    await availableSnapshot();
    await fromSnapshot({
      ipAddressType: 'dualstack',
      tags: [{ key: 'lightsail-flows:run', value: 'run-1' }],
    });
    const created = await waitForState(client(), 'new', 'running');
    assert.deepEqual(
      [
        created.blueprintId,
        created.bundleId,
        created.location?.availabilityZone,
        created.ipAddressType,
        created.ipv6Addresses?.length,
        created.hardware?.disks?.find((d) => d.isSystemDisk)?.sizeInGb,
        created.tags,
      ],
      [
        'ubuntu_22_04',
        'small_3_0',
        `${east}b`,
        'dualstack',
        1,
        60,
        [{ key: 'lightsail-flows:run', value: 'run-1' }],
      ],
    );
    await client().send(
      new TagResourceCommand({ resourceName: 'new', tags: [{ key: 'app', value: 'web' }] }),
    );
    const tagged = await client().send(new GetInstanceCommand({ instanceName: 'new' }));
    assert.deepEqual(
      tagged.instance?.tags?.map((t) => t.key),
      ['lightsail-flows:run', 'app'],
    );
  });

  it('CreateInstancesFromSnapshot refuses a bundle smaller than the snapshot, a Windows bundle for Linux, and ipv6 only', async () => {
    await runningInstance(client(), 'old');
    await availableSnapshot();
    await rejectsWith(
      fromSnapshot({ bundleId: 'nano_3_0' }),
      InvalidInputException,
      /nano_3_0 \(20 GB\) is smaller than the snapshot \(40 GB\)/,
    );
    await rejectsWith(
      fromSnapshot({ bundleId: 'small_win_3_0' }),
      InvalidInputException,
      /small_win_3_0 is for WINDOWS and cannot run a LINUX_UNIX blueprint/,
    );
    await rejectsWith(
      fromSnapshot({ ipAddressType: 'ipv6' }),
      InvalidInputException,
      /ipv6 \(an IPv6-only instance\) is not emulated yet/,
    );
    await rejectsWith(
      fromSnapshot({ ipAddressType: 'ipv5' as never }),
      InvalidInputException,
      /ipAddressType/,
    );
    assert.deepEqual((await h.control.state())[east]!.instances.new, undefined, 'nothing was made');
  });

  it('CreateDiskFromSnapshot makes the disk in another zone, and AttachDisk attaches it at the same path', async () => {
    await oldInstanceWithDisk();
    await client().send(new CreateDiskSnapshotCommand({ diskName: 'data', diskSnapshotName: 'data-snap' }));
    await waitFor(diskSnapshot, (r) => r.diskSnapshot?.state === 'completed');
    await availableSnapshot();
    await fromSnapshot();
    await client().send(
      new CreateDiskFromSnapshotCommand({
        diskName: 'data-new',
        diskSnapshotName: 'data-snap',
        availabilityZone: `${east}b`,
        sizeInGb: 64,
      }),
    );
    const disk = await waitFor(
      () => client().send(new GetDiskCommand({ diskName: 'data-new' })),
      (r) => r.disk?.state === 'available',
    );
    assert.equal(disk.disk?.location?.availabilityZone, `${east}b`);
    await waitForState(client(), 'new', 'running');
    await client().send(
      new AttachDiskCommand({ diskName: 'data-new', instanceName: 'new', diskPath: '/dev/xvdf' }),
    );
    const attached = await waitFor(
      () => client().send(new GetInstanceCommand({ instanceName: 'new' })),
      (r) =>
        r.instance?.hardware?.disks?.some((d) => d.name === 'data-new' && d.attachmentState === 'attached') ??
        false,
    );
    const shown = attached.instance!.hardware!.disks!.find((d) => d.name === 'data-new')!;
    assert.deepEqual([shown.path, shown.state, shown.isAttached], ['/dev/xvdf', 'in-use', true]);
    // A disk cannot cross zones by attachment: only through a snapshot, as above.
    await rejectsWith(
      client().send(new AttachDiskCommand({ diskName: 'data', instanceName: 'new', diskPath: '/dev/xvdg' })),
      InvalidInputException,
      /already attached to old/,
    );
  });

  it('PutInstancePublicPorts sets what GetInstancePortStates read from another instance, cidrs and aliases included', async () => {
    await runningInstance(client(), 'old');
    await runningInstance(client(), 'new');
    await client().send(
      new PutInstancePublicPortsCommand({
        instanceName: 'old',
        portInfos: [
          {
            fromPort: 22,
            toPort: 22,
            protocol: 'tcp',
            cidrs: ['203.0.113.0/24'],
            cidrListAliases: ['lightsail-connect'],
          },
          { fromPort: 443, toPort: 443, protocol: 'tcp' },
          {
            fromPort: 8000,
            toPort: 8010,
            protocol: 'udp',
            cidrs: ['198.51.100.7/32'],
            ipv6Cidrs: ['2001:db8::/32'],
          },
        ],
      }),
    );
    const states = async (instanceName: string) =>
      (await client().send(new GetInstancePortStatesCommand({ instanceName }))).portStates!;
    const source = await states('old');
    await client().send(
      new PutInstancePublicPortsCommand({
        instanceName: 'new',
        portInfos: source.map(({ fromPort, toPort, protocol, cidrs, ipv6Cidrs, cidrListAliases }) => ({
          fromPort,
          toPort,
          protocol,
          cidrs,
          ipv6Cidrs,
          cidrListAliases,
        })),
      }),
    );
    assert.deepEqual(await states('new'), source);
    assert.deepEqual(
      source.map((p) => [p.fromPort, p.protocol, p.cidrs, p.ipv6Cidrs, p.cidrListAliases]),
      [
        [22, 'tcp', ['203.0.113.0/24'], [], ['lightsail-connect']],
        [443, 'tcp', ['0.0.0.0/0'], ['::/0'], []],
        [8000, 'udp', ['198.51.100.7/32'], ['2001:db8::/32'], []],
      ],
    );
  });

  it('CopySnapshot to another region keeps what the snapshot came from, and an instance made there serves as the source did', async () => {
    // The software on the disk is the user data's; a test's steering of the source is not copied.
    await runningInstance(client(), 'soft', { userData: 'EMULATOR_HTTP_STATUS=203' });
    await h.control.setInstanceBehaviour({ region: east, instanceName: 'soft', httpStatus: 299 });
    await client().send(
      new CreateInstanceSnapshotCommand({ instanceName: 'soft', instanceSnapshotName: 'old-snap' }),
    );
    await waitFor(snapshot, (r) => r.instanceSnapshot?.state === 'available');
    const london = h.lightsail('eu-west-2');
    await london.send(
      new CopySnapshotCommand({
        sourceRegion: east,
        sourceSnapshotName: 'old-snap',
        targetSnapshotName: 'moved',
      }),
    );
    const copy = await waitFor(
      () => london.send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'moved' })),
      (r) => r.instanceSnapshot?.state === 'available',
    );
    assert.deepEqual(
      [
        copy.instanceSnapshot?.fromInstanceName,
        copy.instanceSnapshot?.fromBundleId,
        copy.instanceSnapshot?.sizeInGb,
      ],
      ['soft', 'micro_3_0', 40],
    );
    await london.send(
      new CreateInstancesFromSnapshotCommand({
        instanceNames: ['moved-1'],
        instanceSnapshotName: 'moved',
        availabilityZone: 'eu-west-2a',
        bundleId: 'medium_3_0',
      }),
    );
    const moved = await waitForState(london, 'moved-1', 'running');
    const at = await h.control.reach({ region: 'eu-west-2', address: moved.publicIpAddress!, port: 80 });
    assert.equal((await fetch(`http://${at.host}:${at.port}/`)).status, 203);
  });

  it('CopySnapshot keeps the attached disks a snapshot was taken with', async () => {
    await oldInstanceWithDisk();
    await availableSnapshot();
    const london = h.lightsail('eu-west-2');
    await london.send(
      new CopySnapshotCommand({
        sourceRegion: east,
        sourceSnapshotName: 'old-snap',
        targetSnapshotName: 'moved',
      }),
    );
    const copy = await london.send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'moved' }));
    assert.deepEqual(
      copy.instanceSnapshot?.fromAttachedDisks?.map((d) => [d.name, d.path, d.sizeInGb]),
      [['data', '/dev/xvdf', 64]],
    );
  });

  it("EnableAddOn turns on automatic snapshots of the new instance at the old one's time", async () => {
    await runningInstance(client(), 'new');
    await client().send(
      new EnableAddOnCommand({
        resourceName: 'new',
        addOnRequest: { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:00' } },
      }),
    );
    const { instance } = await client().send(new GetInstanceCommand({ instanceName: 'new' }));
    assert.deepEqual(
      instance?.addOns?.map((a) => [a.name, a.status, a.snapshotTimeOfDay]),
      [['AutoSnapshot', 'Enabled', '06:00']],
    );
  });

  it('swaps instances in a load balancer: the new one healthy, the old one draining then unused', async () => {
    await runningInstance(client(), 'old');
    await runningInstance(client(), 'new');
    await client().send(new CreateLoadBalancerCommand({ loadBalancerName: 'lb', instancePort: 80 }));
    const lb = () => client().send(new GetLoadBalancerCommand({ loadBalancerName: 'lb' }));
    await waitFor(lb, (r) => r.loadBalancer?.state === 'active');
    const health = async () =>
      (await lb()).loadBalancer!.instanceHealthSummary!.map((s) => `${s.instanceName} ${s.instanceHealth}`);
    await client().send(
      new AttachInstancesToLoadBalancerCommand({ loadBalancerName: 'lb', instanceNames: ['old'] }),
    );
    await waitFor(health, (s) => s.join() === 'old healthy');
    await client().send(
      new AttachInstancesToLoadBalancerCommand({ loadBalancerName: 'lb', instanceNames: ['new'] }),
    );
    await waitFor(health, (s) => s.join() === 'old healthy,new healthy');
    await client().send(
      new DetachInstancesFromLoadBalancerCommand({ loadBalancerName: 'lb', instanceNames: ['old'] }),
    );
    await waitFor(health, (s) => s.join() === 'old unused,new healthy');
  });

  it('CreateInstancesFromSnapshot takes longer the bigger the snapshot: 1 s a GB on AWS, at least the 60 s of a new instance', async () => {
    await runningInstance(client(), 'tiny', { bundleId: 'micro_3_0' });
    await runningInstance(client(), 'big', { bundleId: 'xlarge_3_0' });
    for (const name of ['tiny', 'big']) {
      await client().send(
        new CreateInstanceSnapshotCommand({ instanceName: name, instanceSnapshotName: `${name}-snap` }),
      );
      await waitFor(
        () => client().send(new GetInstanceSnapshotCommand({ instanceSnapshotName: `${name}-snap` })),
        (r) => r.instanceSnapshot?.state === 'available',
      );
    }
    const sizes: Record<string, number> = {};
    for (const name of ['tiny', 'big']) {
      sizes[name] = (
        await client().send(new GetInstanceSnapshotCommand({ instanceSnapshotName: `${name}-snap` }))
      ).instanceSnapshot!.sizeInGb!;
      await client().send(
        new CreateInstancesFromSnapshotCommand({
          instanceNames: [`${name}-restored`],
          instanceSnapshotName: `${name}-snap`,
          availabilityZone: `${east}a`,
          bundleId: 'xlarge_3_0',
        }),
      );
    }
    const state = (await h.control.state())[east]!;
    const awsSeconds = (name: string) => {
      const i = state.instances[`${name}-restored`]!;
      return ((i.readyAtMs - i.createdAtMs) * FAST) / 1000;
    };
    assert.ok(sizes.big! > sizes.tiny!, JSON.stringify(sizes));
    for (const name of ['tiny', 'big']) {
      assert.ok(
        Math.abs(awsSeconds(name) - Math.max(60, sizes[name]!)) < 1,
        `${name}: ${awsSeconds(name)} s for ${sizes[name]} GB`,
      );
    }
  });
});

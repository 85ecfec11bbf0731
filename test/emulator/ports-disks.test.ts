import { strict as assert } from 'node:assert';
import {
  AttachDiskCommand,
  CloseInstancePublicPortsCommand,
  CreateDiskFromSnapshotCommand,
  CreateKeyPairCommand,
  DeleteInstanceCommand,
  CreateInstancesCommand,
  DeleteDiskCommand,
  EnableAddOnCommand,
  DetachDiskCommand,
  GetDiskCommand,
  GetInstanceCommand,
  GetInstancePortStatesCommand,
  InvalidInputException,
  NotFoundException,
  OpenInstancePublicPortsCommand,
  PutInstancePublicPortsCommand,
  StopInstanceCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

const east = SEEDED.region;

describe('Lightsail emulator: instance ports', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  const ports = async () =>
    (
      await client().send(new GetInstanceCommand({ instanceName: SEEDED.instance }))
    ).instance?.networking?.ports?.map((p) => `${p.protocol}:${p.fromPort}-${p.toPort}`);

  it('a new instance has ports 22 and 80 open to anyone and the networking fields of the reference', async () => {
    await client().send(new CreateKeyPairCommand({ keyPairName: 'my-key' }));
    await client().send(
      new CreateInstancesCommand({
        instanceNames: ['net-1'],
        availabilityZone: `${east}a`,
        blueprintId: 'ubuntu_22_04',
        bundleId: 'micro_3_0',
        keyPairName: 'my-key',
      }),
    );
    const out = await client().send(new GetInstanceCommand({ instanceName: 'net-1' }));
    assertMatchesReference('GetInstance', out);
    const i = out.instance!;
    assert.equal(i.sshKeyName, 'my-key');
    assert.deepEqual(i.ipv6Addresses, []);
    assert.equal(i.networking?.monthlyTransfer?.gbPerMonthAllocated, 2048);
    assert.deepEqual(
      i.networking?.ports?.map((p) => [p.fromPort, p.protocol, p.cidrs, p.accessDirection, p.accessType]),
      [
        [22, 'tcp', ['0.0.0.0/0'], 'inbound', 'public'],
        [80, 'tcp', ['0.0.0.0/0'], 'inbound', 'public'],
      ],
    );
    const states = await client().send(new GetInstancePortStatesCommand({ instanceName: 'net-1' }));
    assertMatchesReference('GetInstancePortStates', states);
    assert.deepEqual(
      states.portStates?.map((p) => [p.fromPort, p.toPort, p.state]),
      [
        [22, 22, 'open'],
        [80, 80, 'open'],
      ],
    );
  });

  it('opens, puts and closes ports, and the instance and its port states follow', async () => {
    const opened = await client().send(
      new OpenInstancePublicPortsCommand({
        instanceName: SEEDED.instance,
        portInfo: { fromPort: 443, toPort: 443, protocol: 'tcp', cidrs: ['192.0.2.0/24'] },
      }),
    );
    assertMatchesReference('OpenInstancePublicPorts', opened);
    assert.equal(opened.operation?.operationType, 'OpenInstancePublicPorts');
    assert.deepEqual(await ports(), ['tcp:22-22', 'tcp:80-80', 'tcp:443-443']);
    const https = (await client().send(new GetInstancePortStatesCommand({ instanceName: SEEDED.instance })))
      .portStates![2]!;
    assert.deepEqual([https.cidrs, https.ipv6Cidrs], [['192.0.2.0/24'], []]);

    const closed = await client().send(
      new CloseInstancePublicPortsCommand({
        instanceName: SEEDED.instance,
        portInfo: { fromPort: 22, toPort: 22, protocol: 'tcp' },
      }),
    );
    assertMatchesReference('CloseInstancePublicPorts', closed);
    assert.deepEqual(await ports(), ['tcp:80-80', 'tcp:443-443']);

    const put = await client().send(
      new PutInstancePublicPortsCommand({
        instanceName: SEEDED.instance,
        portInfos: [
          { fromPort: 8000, toPort: 8100, protocol: 'udp' },
          { fromPort: 8, toPort: -1, protocol: 'icmp' },
        ],
      }),
    );
    assertMatchesReference('PutInstancePublicPorts', put);
    assert.deepEqual(await ports(), ['udp:8000-8100', 'icmp:8--1']);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown protocol', { protocol: 'sctp' }, /portInfo\.protocol must be one of tcp, all, udp, icmp/],
    [
      'a port out of range',
      { toPort: 70000 },
      /portInfo\.toPort is required: a whole number from -1 to 65535/,
    ],
    ['a reversed range', { fromPort: 90, toPort: 80 }, /fromPort <= toPort/],
    ['a bad CIDR', { cidrs: ['10.0.0.0/33'] }, /portInfo\.cidrs: "10\.0\.0\.0\/33" is not an IPv4/],
    ['an unknown alias', { cidrListAliases: ['office'] }, /only alias supported is lightsail-connect/],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses OpenInstancePublicPorts with ${what} as InvalidInputException naming the field`, async () => {
      await rejectsWith(
        client().send(
          new OpenInstancePublicPortsCommand({
            instanceName: SEEDED.instance,
            portInfo: { fromPort: 80, toPort: 80, protocol: 'tcp', ...change } as never,
          }),
        ),
        InvalidInputException,
        message,
      );
    });
  }

  it('refuses CreateInstances with a key pair that does not exist, as NotFoundException naming it', async () => {
    await rejectsWith(
      client().send(
        new CreateInstancesCommand({
          instanceNames: ['net-2'],
          availabilityZone: `${east}a`,
          blueprintId: 'ubuntu_22_04',
          bundleId: 'micro_3_0',
          keyPairName: 'missing-key',
        }),
      ),
      NotFoundException,
      /KeyPair does not exist: missing-key/,
    );
  });

  it('refuses port actions on an unknown instance and PutInstancePublicPorts without portInfos', async () => {
    await rejectsWith(
      client().send(new GetInstancePortStatesCommand({ instanceName: 'ghost' })),
      NotFoundException,
      /Instance does not exist: ghost/,
    );
    await rejectsWith(
      client().send(new PutInstancePublicPortsCommand({ instanceName: SEEDED.instance } as never)),
      InvalidInputException,
      /portInfos parameter is required/,
    );
    await rejectsWith(
      client().send(
        new CloseInstancePublicPortsCommand({
          instanceName: 'ghost',
          portInfo: { fromPort: 22, toPort: 22, protocol: 'tcp' },
        }),
      ),
      NotFoundException,
      /Instance does not exist: ghost/,
    );
  });
});

describe('Lightsail emulator: disk attachment and restore', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  const disk = () => client().send(new GetDiskCommand({ diskName: SEEDED.disk }));

  it('attaches a disk (attaching, then in-use and attached), refuses to delete it, detaches it once the instance is stopped', async () => {
    // 10 AWS seconds of attaching take 100 ms: long enough to see.
    await h.control.setTimeScale(100);
    const attached = await client().send(
      new AttachDiskCommand({ diskName: SEEDED.disk, instanceName: SEEDED.instance, diskPath: '/dev/xvdf' }),
    );
    assertMatchesReference('AttachDisk', attached);
    const attaching = (await disk()).disk!;
    assert.deepEqual(
      [
        attaching.state,
        attaching.isAttached,
        attaching.attachedTo,
        attaching.path,
        attaching.attachmentState,
      ],
      ['in-use', true, SEEDED.instance, '/dev/xvdf', 'attaching'],
    );
    const done = await waitFor(disk, (d) => d.disk?.attachmentState === 'attached');
    assertMatchesReference('GetDisk', done);
    await rejectsWith(
      client().send(new DeleteDiskCommand({ diskName: SEEDED.disk })),
      InvalidInputException,
      /attached to the instance web-1; detach it first/,
    );
    await rejectsWith(
      client().send(new DetachDiskCommand({ diskName: SEEDED.disk })),
      InvalidInputException,
      /instance web-1 must be stopped before the disk data-1 is detached/,
    );
    await client().send(new StopInstanceCommand({ instanceName: SEEDED.instance }));
    await waitFor(
      () => client().send(new GetInstanceCommand({ instanceName: SEEDED.instance })),
      (i) => i.instance?.state?.name === 'stopped',
    );
    const detached = await client().send(new DetachDiskCommand({ diskName: SEEDED.disk }));
    assertMatchesReference('DetachDisk', detached);
    const after = (await disk()).disk!;
    assert.deepEqual(
      [after.state, after.isAttached, after.attachedTo, after.attachmentState],
      ['available', false, '', 'detached'],
    );
    await client().send(new DeleteDiskCommand({ diskName: SEEDED.disk }));
  });

  it('deleting an instance detaches its disks, which become available again', async () => {
    await client().send(
      new AttachDiskCommand({ diskName: SEEDED.disk, instanceName: SEEDED.instance, diskPath: '/dev/xvdf' }),
    );
    await client().send(new DeleteInstanceCommand({ instanceName: SEEDED.instance }));
    const after = (await disk()).disk!;
    assert.deepEqual([after.state, after.isAttached, after.attachedTo], ['available', false, '']);
  });

  it('refuses AttachDisk across zones, of an unknown instance, with a blank path, or twice', async () => {
    await client().send(
      new CreateInstancesCommand({
        instanceNames: ['zone-b'],
        availabilityZone: `${east}b`,
        blueprintId: 'ubuntu_22_04',
        bundleId: 'micro_3_0',
      }),
    );
    await waitFor(
      () => client().send(new GetInstanceCommand({ instanceName: 'zone-b' })),
      (i) => i.instance?.state?.name === 'running',
    );
    await rejectsWith(
      client().send(
        new AttachDiskCommand({ diskName: SEEDED.disk, instanceName: 'zone-b', diskPath: '/dev/xvdf' }),
      ),
      InvalidInputException,
      /must be in the same availability zone/,
    );
    await rejectsWith(
      client().send(
        new AttachDiskCommand({ diskName: SEEDED.disk, instanceName: 'ghost', diskPath: '/dev/xvdf' }),
      ),
      NotFoundException,
      /Instance does not exist: ghost/,
    );
    await rejectsWith(
      client().send(
        new AttachDiskCommand({ diskName: SEEDED.disk, instanceName: SEEDED.instance, diskPath: ' ' }),
      ),
      InvalidInputException,
      /diskPath parameter must not be blank/,
    );
    await client().send(
      new AttachDiskCommand({ diskName: SEEDED.disk, instanceName: SEEDED.instance, diskPath: '/dev/xvdf' }),
    );
    await rejectsWith(
      client().send(
        new AttachDiskCommand({
          diskName: SEEDED.disk,
          instanceName: SEEDED.instance,
          diskPath: '/dev/xvdg',
        }),
      ),
      InvalidInputException,
      /already attached to web-1/,
    );
    await rejectsWith(
      client().send(new DetachDiskCommand({ diskName: 'ghost' })),
      NotFoundException,
      /Disk does not exist: ghost/,
    );
  });

  it('creates a disk from a manual disk snapshot, pending then available, refusing a size below the snapshot', async () => {
    // Slow enough that the first read comes while it is pending, on a busy machine too.
    await h.control.setTimeScale(100);
    const created = await client().send(
      new CreateDiskFromSnapshotCommand({
        diskName: 'restored',
        diskSnapshotName: SEEDED.diskSnapshot,
        availabilityZone: `${east}b`,
        sizeInGb: 64,
        tags: [{ key: 'from', value: 'snapshot' }],
      }),
    );
    assertMatchesReference('CreateDiskFromSnapshot', created);
    assert.equal(created.operations?.[0]?.operationType, 'CreateDiskFromSnapshot');
    const read = () => client().send(new GetDiskCommand({ diskName: 'restored' }));
    assert.equal((await read()).disk?.state, 'pending');
    const done = await waitFor(read, (d) => d.disk?.state === 'available');
    assert.deepEqual(
      [done.disk?.sizeInGb, done.disk?.location?.availabilityZone, done.disk?.tags],
      [64, `${east}b`, [{ key: 'from', value: 'snapshot' }]],
    );
    await rejectsWith(
      client().send(
        new CreateDiskFromSnapshotCommand({
          diskName: 'small',
          diskSnapshotName: SEEDED.diskSnapshot,
          availabilityZone: `${east}a`,
          sizeInGb: 8,
        }),
      ),
      InvalidInputException,
      /sizeInGb 8 is smaller than the snapshot \(32 GB\)/,
    );
    await rejectsWith(
      client().send(
        new CreateDiskFromSnapshotCommand({
          diskName: 'none',
          diskSnapshotName: 'ghost',
          availabilityZone: `${east}a`,
          sizeInGb: 32,
        }),
      ),
      NotFoundException,
      /DiskSnapshot does not exist: ghost/,
    );
    await rejectsWith(
      client().send(
        new CreateDiskFromSnapshotCommand({
          diskName: 'both',
          diskSnapshotName: SEEDED.diskSnapshot,
          sourceDiskName: SEEDED.disk,
          availabilityZone: `${east}a`,
          sizeInGb: 32,
        }),
      ),
      InvalidInputException,
      /diskSnapshotName and sourceDiskName parameters are mutually exclusive/,
    );
  });

  it('creates a disk from an automatic snapshot of a disk (sourceDiskName with useLatestRestorableAutoSnapshot)', async () => {
    const date = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await client().send(
      new EnableAddOnCommand({
        resourceName: SEEDED.disk,
        addOnRequest: { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:00' } },
      }),
    );
    await h.control.addAutoSnapshot({ region: east, resourceName: SEEDED.disk, date });
    await client().send(
      new CreateDiskFromSnapshotCommand({
        diskName: 'auto-restored',
        sourceDiskName: SEEDED.disk,
        useLatestRestorableAutoSnapshot: true,
        availabilityZone: `${east}a`,
        sizeInGb: 32,
      }),
    );
    const done = await waitFor(
      () => client().send(new GetDiskCommand({ diskName: 'auto-restored' })),
      (d) => d.disk?.state === 'available',
    );
    assert.equal(done.disk?.sizeInGb, 32);
    await rejectsWith(
      client().send(
        new CreateDiskFromSnapshotCommand({
          diskName: 'from-instance',
          sourceDiskName: SEEDED.instance,
          useLatestRestorableAutoSnapshot: true,
          availabilityZone: `${east}a`,
          sizeInGb: 80,
        }),
      ),
      InvalidInputException,
      /web-1 is an instance, not a disk/,
    );
  });
});

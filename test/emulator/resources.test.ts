import { strict as assert } from 'node:assert';
import {
  CreateDiskCommand,
  CreateDiskSnapshotCommand,
  CreateInstancesCommand,
  CreateInstanceSnapshotCommand,
  CreateInstancesFromSnapshotCommand,
  DeleteAutoSnapshotCommand,
  DeleteDiskCommand,
  DeleteInstanceSnapshotCommand,
  DisableAddOnCommand,
  EnableAddOnCommand,
  GetAutoSnapshotsCommand,
  GetDiskCommand,
  GetDiskSnapshotCommand,
  GetInstanceCommand,
  GetInstanceSnapshotCommand,
  GetOperationCommand,
  GetOperationsCommand,
  GetOperationsForResourceCommand,
  InvalidInputException,
  NotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { useEmulator, waitFor } from './harness';

const east = SEEDED.region;

/** Instances, snapshots, disks, automatic snapshots, operations and tags through the real SDK. */
describe('Lightsail emulator: resources', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);

  it('creates an instance pending then running, its operation Started then Succeeded with a stable statusChangedAt', async () => {
    // Slow enough that the reads come while it is pending, on a busy machine too.
    await h.control.setTimeScale(100);
    const created = await client().send(
      new CreateInstancesCommand({
        instanceNames: ['web-2'],
        availabilityZone: `${east}b`,
        blueprintId: 'ubuntu_22_04',
        bundleId: 'micro_3_0',
        tags: [{ key: 'team', value: 'ops' }],
      }),
    );
    const op = created.operations?.[0];
    assert.deepEqual([op?.status, op?.isTerminal, op?.operationType], ['Started', false, 'CreateInstance']);
    assert.deepEqual(op?.location, { availabilityZone: `${east}b`, regionName: east });
    const pending = await client().send(new GetInstanceCommand({ instanceName: 'web-2' }));
    assert.deepEqual(pending.instance?.state, { code: 0, name: 'pending' });
    assert.match(
      pending.instance?.arn ?? '',
      /^arn:aws:lightsail:us-east-1:123456789012:Instance\/[0-9a-f-]{36}$/,
    );
    assert.equal(pending.instance?.blueprintName, 'Ubuntu');
    assert.deepEqual(pending.instance?.tags, [{ key: 'team', value: 'ops' }]);
    const again = await client().send(new GetOperationCommand({ operationId: op?.id }));
    assert.equal(again.operation?.statusChangedAt?.getTime(), op?.statusChangedAt?.getTime());

    const done = await waitFor(
      () => client().send(new GetOperationCommand({ operationId: op?.id })),
      (o) => o.operation?.status === 'Succeeded',
    );
    assert.equal(done.operation?.isTerminal, true);
    const running = await client().send(new GetInstanceCommand({ instanceName: 'web-2' }));
    assert.deepEqual(running.instance?.state, { code: 16, name: 'running' });
    assert.equal(running.instance?.hardware?.ramSizeInGb, 1);
  });

  const badCreates: [string, Record<string, unknown>, RegExp][] = [
    ['a name breaking the pattern', { instanceNames: ['-x'] }, /instanceNames "-x" is invalid/],
    ['a name in use', { instanceNames: [SEEDED.instance] }, /already in use: web-1/],
    ['a zone of another region', { availabilityZone: 'eu-west-1a' }, /not in the region us-east-1/],
    ['an unknown blueprint', { blueprintId: 'plan9' }, /blueprint plan9 does not exist/],
    ['a Windows bundle for Linux', { bundleId: 'small_win_3_0' }, /cannot run a LINUX_UNIX blueprint/],
    ['a missing bundleId', { bundleId: undefined }, /bundleId parameter is required/],
    [
      'a snapshot time not on the hour',
      { addOns: [{ addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:30' } }] },
      /addOns\[0\]\.autoSnapshotAddOnRequest\.snapshotTimeOfDay must be in HH:00/,
    ],
  ];
  for (const [what, change, message] of badCreates) {
    it(`refuses CreateInstances with ${what} as InvalidInputException naming it`, async () => {
      const input = {
        instanceNames: ['new-1'],
        availabilityZone: `${east}a`,
        blueprintId: 'amazon_linux_2023',
        bundleId: 'nano_3_0',
        ...change,
      };
      await assert.rejects(
        client().send(new CreateInstancesCommand(input as never)),
        (err: unknown) => err instanceof InvalidInputException && message.test(err.message),
      );
    });
  }

  it('snapshots an instance, pending then available, with what it was made from', async () => {
    await client().send(
      new CreateInstanceSnapshotCommand({ instanceName: SEEDED.instance, instanceSnapshotName: 'snap-2' }),
    );
    const read = () => client().send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'snap-2' }));
    assert.equal((await read()).instanceSnapshot?.state, 'pending');
    const done = await waitFor(read, (r) => r.instanceSnapshot?.state === 'available');
    const s = done.instanceSnapshot!;
    assert.deepEqual(
      [
        s.fromInstanceName,
        s.fromBlueprintId,
        s.fromBundleId,
        s.sizeInGb,
        s.isFromAutoSnapshot,
        s.resourceType,
      ],
      [SEEDED.instance, 'wordpress', 'small_3_0', 60, false, 'InstanceSnapshot'],
    );
    assert.match(s.fromInstanceArn ?? '', /:Instance\//);
  });

  it('restores instances from a manual snapshot and from an automatic one, refusing a bundle too small', async () => {
    const base = { availabilityZone: `${east}a`, bundleId: 'small_3_0' };
    await assert.rejects(
      client().send(
        new CreateInstancesFromSnapshotCommand({
          ...base,
          instanceNames: ['r0'],
          instanceSnapshotName: SEEDED.snapshot,
          bundleId: 'nano_3_0',
        }),
      ),
      { name: 'InvalidInputException', message: /smaller than the snapshot/ },
    );
    await client().send(
      new CreateInstancesFromSnapshotCommand({
        ...base,
        instanceNames: ['r1'],
        instanceSnapshotName: SEEDED.snapshot,
      }),
    );
    await client().send(
      new CreateInstancesFromSnapshotCommand({
        ...base,
        instanceNames: ['r2'],
        sourceInstanceName: SEEDED.instance,
        useLatestRestorableAutoSnapshot: true,
      }),
    );
    for (const name of ['r1', 'r2']) {
      const out = await client().send(new GetInstanceCommand({ instanceName: name }));
      assert.equal(out.instance?.blueprintId, 'wordpress');
    }
    await assert.rejects(
      client().send(
        new CreateInstancesFromSnapshotCommand({
          ...base,
          instanceNames: ['r3'],
          instanceSnapshotName: SEEDED.snapshot,
          sourceInstanceName: SEEDED.instance,
        }),
      ),
      { name: 'InvalidInputException', message: /mutually exclusive/ },
    );
  });

  it('creates a disk and snapshots it or an instance, the snapshot completed at 100%', async () => {
    await client().send(
      new CreateDiskCommand({ diskName: 'logs', availabilityZone: `${east}a`, sizeInGb: 16 }),
    );
    const disk = await waitFor(
      () => client().send(new GetDiskCommand({ diskName: 'logs' })),
      (d) => d.disk?.state === 'available',
    );
    assert.equal(disk.disk?.sizeInGb, 16);
    // Slow enough that the first read comes while it is pending, on a busy machine too.
    await h.control.setTimeScale(100);
    await client().send(new CreateDiskSnapshotCommand({ diskName: 'logs', diskSnapshotName: 'logs-1' }));
    await client().send(
      new CreateDiskSnapshotCommand({ instanceName: SEEDED.instance, diskSnapshotName: 'sys-1' }),
    );
    const read = (name: string) => client().send(new GetDiskSnapshotCommand({ diskSnapshotName: name }));
    const pending = await read('logs-1');
    assert.deepEqual([pending.diskSnapshot?.state, pending.diskSnapshot?.progress], ['pending', '0%']);
    const done = await waitFor(
      () => read('logs-1'),
      (s) => s.diskSnapshot?.state === 'completed',
    );
    assert.deepEqual(
      [done.diskSnapshot?.progress, done.diskSnapshot?.fromDiskName, done.diskSnapshot?.sizeInGb],
      ['100%', 'logs', 16],
    );
    const sys = await waitFor(
      () => read('sys-1'),
      (s) => s.diskSnapshot?.state === 'completed',
    );
    assert.deepEqual([sys.diskSnapshot?.fromInstanceName, sys.diskSnapshot?.sizeInGb], [SEEDED.instance, 60]);
    await assert.rejects(
      client().send(
        new CreateDiskSnapshotCommand({
          diskName: 'logs',
          instanceName: SEEDED.instance,
          diskSnapshotName: 'both',
        }),
      ),
      { name: 'InvalidInputException', message: /exactly one of diskName and instanceName/ },
    );
  });

  it('deletes at once with a Succeeded operation, then answers NotFoundException naming the resource', async () => {
    const out = await client().send(
      new DeleteInstanceSnapshotCommand({ instanceSnapshotName: SEEDED.snapshot }),
    );
    assert.deepEqual(
      out.operations?.map((o) => [o.operationType, o.status, o.isTerminal]),
      [['DeleteInstanceSnapshot', 'Succeeded', true]],
    );
    await assert.rejects(
      client().send(new GetInstanceSnapshotCommand({ instanceSnapshotName: SEEDED.snapshot })),
      (err: unknown) => err instanceof NotFoundException && err.message.includes(SEEDED.snapshot),
    );
    await client().send(new DeleteDiskCommand({ diskName: SEEDED.disk }));
    await assert.rejects(client().send(new GetDiskCommand({ diskName: SEEDED.disk })), NotFoundException);
  });

  it('lists the seeded automatic snapshots newest first, deletes one by date, and drops them all when the add-on is disabled', async () => {
    const list = () => client().send(new GetAutoSnapshotsCommand({ resourceName: SEEDED.instance }));
    const before = await list();
    assert.equal(before.resourceType, 'Instance');
    const dates = before.autoSnapshots?.map((a) => a.date) ?? [];
    assert.equal(dates.length, 3);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.ok(before.autoSnapshots?.every((a) => a.status === 'Success' && a.createdAt instanceof Date));
    await client().send(new DeleteAutoSnapshotCommand({ resourceName: SEEDED.instance, date: dates[2] }));
    assert.equal((await list()).autoSnapshots?.length, 2);
    await client().send(
      new DisableAddOnCommand({ resourceName: SEEDED.instance, addOnType: 'AutoSnapshot' }),
    );
    assert.deepEqual((await list()).autoSnapshots, []);
    const instance = await client().send(new GetInstanceCommand({ instanceName: SEEDED.instance }));
    assert.deepEqual(instance.instance?.addOns, []);
  });

  it('enables the AutoSnapshot add-on on a disk with its time of day and the next snapshot time, and refuses an add-on it does not emulate', async () => {
    await client().send(
      new EnableAddOnCommand({
        resourceName: SEEDED.disk,
        addOnRequest: { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '23:00' } },
      }),
    );
    const disk = await client().send(new GetDiskCommand({ diskName: SEEDED.disk }));
    assert.deepEqual(disk.disk?.addOns, [
      { name: 'AutoSnapshot', status: 'Enabled', snapshotTimeOfDay: '23:00', nextSnapshotTimeOfDay: '23:00' },
    ]);
    await assert.rejects(
      client().send(
        new EnableAddOnCommand({
          resourceName: SEEDED.instance,
          addOnRequest: { addOnType: 'StopInstanceOnIdle' },
        }),
      ),
      { name: 'InvalidInputException', message: /StopInstanceOnIdle is not emulated/ },
    );
  });

  it('tags and untags by name or by name and ARN, and refuses an ARN of another resource', async () => {
    const disk = (await client().send(new GetDiskCommand({ diskName: SEEDED.disk }))).disk!;
    await client().send(
      new TagResourceCommand({
        resourceName: SEEDED.disk,
        resourceArn: disk.arn,
        tags: [{ key: 'a', value: '1' }, { key: 'b' }],
      }),
    );
    await client().send(
      new TagResourceCommand({ resourceName: SEEDED.disk, tags: [{ key: 'a', value: '2' }] }),
    );
    let tags = (await client().send(new GetDiskCommand({ diskName: SEEDED.disk }))).disk?.tags;
    assert.deepEqual(tags, [{ key: 'b' }, { key: 'a', value: '2' }]);
    await client().send(new UntagResourceCommand({ resourceName: SEEDED.disk, tagKeys: ['b'] }));
    tags = (await client().send(new GetDiskCommand({ diskName: SEEDED.disk }))).disk?.tags;
    assert.deepEqual(tags, [{ key: 'a', value: '2' }]);
    await assert.rejects(
      client().send(
        new TagResourceCommand({
          resourceName: SEEDED.instance,
          resourceArn: disk.arn,
          tags: [{ key: 'x' }],
        }),
      ),
      NotFoundException,
    );
  });

  it('lists operations newest first, 200 a page (the reference), pages them by pageToken, and lists those of one resource page by page', async () => {
    for (let i = 0; i < 210; i++) {
      await client().send(
        new TagResourceCommand({ resourceName: SEEDED.disk, tags: [{ key: 'n', value: String(i) }] }),
      );
    }
    const first = await client().send(new GetOperationsCommand({}));
    assert.equal(first.operations?.length, 200);
    assert.ok(first.nextPageToken);
    const created = first.operations.map((o) => o.createdAt!.getTime());
    assert.deepEqual(
      created,
      [...created].sort((a, b) => b - a),
    );
    const second = await client().send(new GetOperationsCommand({ pageToken: first.nextPageToken }));
    assert.equal(second.nextPageToken, undefined);
    const all = [...(first.operations ?? []), ...(second.operations ?? [])];
    assert.equal(new Set(all.map((o) => o.id)).size, all.length);
    // GetOperationsForResource pages too (100 a page), like every paginated action.
    const forDisk = [];
    let pageToken: string | undefined;
    do {
      const page = await client().send(
        new GetOperationsForResourceCommand({ resourceName: SEEDED.disk, pageToken }),
      );
      forDisk.push(...(page.operations ?? []));
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.ok(forDisk.every((o) => o.resourceName === SEEDED.disk));
    assert.equal(forDisk.filter((o) => (o.operationType as string) === 'TagResource').length, 210);
  });
});

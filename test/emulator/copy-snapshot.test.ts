import { strict as assert } from 'node:assert';
import {
  CopySnapshotCommand,
  CreateInstanceSnapshotCommand,
  EnableAddOnCommand,
  GetDiskSnapshotCommand,
  GetInstanceSnapshotCommand,
  GetOperationCommand,
  InvalidInputException,
  NotFoundException,
  type CopySnapshotCommandInput,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { sleep, useEmulator, waitFor } from './harness';

const source = SEEDED.region;
const target = SEEDED.otherRegion;

/** CopySnapshot beyond the basics in emulator.test.ts: every kind of source and every refusal. */
describe('Lightsail emulator: CopySnapshot', () => {
  const h = useEmulator();
  const copy = (input: Partial<CopySnapshotCommandInput>, region: string = target) =>
    h
      .lightsail(region)
      .send(new CopySnapshotCommand({ sourceRegion: source, ...input } as CopySnapshotCommandInput));
  const rejectsWith = async (
    input: Partial<CopySnapshotCommandInput>,
    type: typeof InvalidInputException | typeof NotFoundException,
    message: RegExp,
  ) =>
    assert.rejects(copy(input), (err: unknown) => {
      assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
      assert.match(err.message, message);
      return true;
    });

  it('answers the source-region operation about the source and the target-region one about the copy, each readable only in its region', async () => {
    const out = await copy({ sourceSnapshotName: SEEDED.snapshot, targetSnapshotName: 'dr' });
    const [inSource, inTarget] = out.operations ?? [];
    assert.deepEqual(
      [
        inSource?.resourceName,
        inSource?.resourceType,
        inSource?.operationType,
        inSource?.location?.regionName,
      ],
      [SEEDED.snapshot, 'InstanceSnapshot', 'CopySnapshot', source],
    );
    assert.deepEqual(
      [
        inTarget?.resourceName,
        inTarget?.resourceType,
        inTarget?.operationType,
        inTarget?.location?.regionName,
      ],
      ['dr', 'InstanceSnapshot', 'CopySnapshot', target],
    );
    await h.lightsail(source).send(new GetOperationCommand({ operationId: inSource?.id }));
    await assert.rejects(
      h.lightsail(target).send(new GetOperationCommand({ operationId: inSource?.id })),
      NotFoundException,
    );
  });

  it('copies a disk snapshot to a disk snapshot, pending until completed at 100%', async () => {
    await copy({ sourceSnapshotName: SEEDED.diskSnapshot, targetSnapshotName: 'data-dr' });
    const read = () => h.lightsail(target).send(new GetDiskSnapshotCommand({ diskSnapshotName: 'data-dr' }));
    assert.equal((await read()).diskSnapshot?.state, 'pending');
    const done = await waitFor(read, (r) => r.diskSnapshot?.state === 'completed');
    assert.deepEqual(
      [done.diskSnapshot?.progress, done.diskSnapshot?.fromDiskName, done.diskSnapshot?.sizeInGb],
      ['100%', SEEDED.disk, 32],
    );
    assert.equal(done.diskSnapshot?.location?.regionName, target);
  });

  it('copies an automatic snapshot of an instance to an instance snapshot keeping what it was made from', async () => {
    const out = await copy({
      sourceResourceName: SEEDED.instance,
      useLatestRestorableAutoSnapshot: true,
      targetSnapshotName: 'from-auto',
    });
    assert.deepEqual(
      [out.operations?.[0]?.resourceName, out.operations?.[0]?.resourceType],
      [SEEDED.instance, 'Instance'],
    );
    const done = await waitFor(
      () => h.lightsail(target).send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'from-auto' })),
      (r) => r.instanceSnapshot?.state === 'available',
    );
    const s = done.instanceSnapshot!;
    assert.deepEqual(
      [s.fromInstanceName, s.fromBlueprintId, s.fromBundleId, s.sizeInGb, s.isFromAutoSnapshot],
      [SEEDED.instance, 'wordpress', 'small_3_0', 60, false],
    );
  });

  it('copies an automatic snapshot of a disk, made through the control API, to a disk snapshot', async () => {
    await h
      .lightsail(source)
      .send(
        new EnableAddOnCommand({ resourceName: SEEDED.disk, addOnRequest: { addOnType: 'AutoSnapshot' } }),
      );
    await h.control.addAutoSnapshot({ region: source, resourceName: SEEDED.disk, date: '2026-01-02' });
    await copy({
      sourceResourceName: SEEDED.disk,
      restoreDate: '2026-01-02',
      targetSnapshotName: 'disk-auto',
    });
    const done = await waitFor(
      () => h.lightsail(target).send(new GetDiskSnapshotCommand({ diskSnapshotName: 'disk-auto' })),
      (r) => r.diskSnapshot?.state === 'completed',
    );
    assert.equal(done.diskSnapshot?.fromDiskName, SEEDED.disk);
  });

  it('refuses a source still pending with a message asking to wait, and copies it once available', async () => {
    await h.control.setTimeScale(1200); // 120 s of snapshot: 100 ms
    await h
      .lightsail(source)
      .send(
        new CreateInstanceSnapshotCommand({ instanceName: SEEDED.instance, instanceSnapshotName: 'fresh' }),
      );
    await rejectsWith(
      { sourceSnapshotName: 'fresh', targetSnapshotName: 'fresh-dr' },
      InvalidInputException,
      /fresh in us-east-1 is not available yet; wait for it to complete/,
    );
    await sleep(150);
    await copy({ sourceSnapshotName: 'fresh', targetSnapshotName: 'fresh-dr' });
  });

  it('refuses a source in state error without asking to wait', async () => {
    await h.control.setFaults([
      {
        actions: ['CreateInstanceSnapshot'],
        operationFailure: { errorCode: 'X', errorDetails: 'y' },
        count: 1,
      },
    ]);
    await h
      .lightsail(source)
      .send(
        new CreateInstanceSnapshotCommand({ instanceName: SEEDED.instance, instanceSnapshotName: 'broken' }),
      );
    await sleep(80);
    await assert.rejects(
      copy({ sourceSnapshotName: 'broken', targetSnapshotName: 'broken-dr' }),
      (err: unknown) => {
        assert.ok(err instanceof InvalidInputException);
        assert.match(err.message, /in state error/);
        assert.doesNotMatch(err.message, /wait/);
        return true;
      },
    );
  });

  it('refuses automatic snapshots in progress (asking to wait) or failed, and answers NotFound when none is restorable', async () => {
    const auto = (date: string, status: 'InProgress' | 'Failed') =>
      h.control.addAutoSnapshot({ region: source, resourceName: SEEDED.instance, date, status });
    await auto('2026-03-01', 'InProgress');
    await auto('2026-03-02', 'Failed');
    const byDate = (restoreDate: string) => ({
      sourceResourceName: SEEDED.instance,
      restoreDate,
      targetSnapshotName: 'auto-dr',
    });
    await rejectsWith(byDate('2026-03-01'), InvalidInputException, /in progress; wait for it to complete/);
    await rejectsWith(byDate('2026-03-02'), InvalidInputException, /failed and cannot be restored/);
    await rejectsWith(byDate('2026-02-30'), InvalidInputException, /YYYY-MM-DD/);
    await rejectsWith(
      {
        sourceResourceName: SEEDED.disk,
        useLatestRestorableAutoSnapshot: true,
        targetSnapshotName: 'auto-dr',
      },
      NotFoundException,
      /No restorable automatic snapshot of data-1 exists in us-east-1/,
    );
    await rejectsWith(
      { sourceResourceName: 'ghost', useLatestRestorableAutoSnapshot: true, targetSnapshotName: 'auto-dr' },
      NotFoundException,
      /ghost does not exist in us-east-1/,
    );
  });

  it('refuses a target name used by a disk snapshot in the target region, a bad sourceRegion and a missing target name', async () => {
    await assert.rejects(
      copy({ sourceSnapshotName: SEEDED.snapshot, targetSnapshotName: SEEDED.diskSnapshot }, source),
      (err: unknown) =>
        err instanceof InvalidInputException &&
        err.message.includes(`${SEEDED.diskSnapshot} is already in use`),
    );
    await rejectsWith(
      { sourceRegion: 'mars-1', sourceSnapshotName: SEEDED.snapshot, targetSnapshotName: 'x1' } as never,
      InvalidInputException,
      /sourceRegion must be one of/,
    );
    await rejectsWith({ sourceSnapshotName: SEEDED.snapshot }, InvalidInputException, /targetSnapshotName/);
  });

  it('takes 60 AWS seconds within a region and 300 across regions', async () => {
    await h.control.setTimeScale(600); // 100 ms and 500 ms
    await copy({ sourceSnapshotName: SEEDED.snapshot, targetSnapshotName: 'near' }, source);
    await copy({ sourceSnapshotName: SEEDED.snapshot, targetSnapshotName: 'far' }, target);
    await sleep(250);
    const state = async (region: string, name: string) =>
      (await h.lightsail(region).send(new GetInstanceSnapshotCommand({ instanceSnapshotName: name })))
        .instanceSnapshot?.state;
    assert.deepEqual([await state(source, 'near'), await state(target, 'far')], ['available', 'pending']);
  });
});

import assert from 'node:assert/strict';
import {
  CopySnapshotCommand,
  CreateDiskCommand,
  CreateDiskSnapshotCommand,
  CreateInstanceSnapshotCommand,
  CreateInstancesCommand,
  CreateInstancesFromSnapshotCommand,
  DeleteAutoSnapshotCommand,
  DeleteDiskCommand,
  DeleteDiskSnapshotCommand,
  DeleteInstanceCommand,
  DeleteInstanceSnapshotCommand,
  DisableAddOnCommand,
  EnableAddOnCommand,
  GetAutoSnapshotsCommand,
  GetBlueprintsCommand,
  GetBundlesCommand,
  GetDiskCommand,
  GetDiskSnapshotCommand,
  GetDiskSnapshotsCommand,
  GetDisksCommand,
  GetInstanceCommand,
  GetInstanceSnapshotCommand,
  GetInstanceSnapshotsCommand,
  GetInstanceStateCommand,
  GetInstancesCommand,
  GetOperationCommand,
  GetOperationsCommand,
  GetOperationsForResourceCommand,
  GetRegionsCommand,
  RebootInstanceCommand,
  StartInstanceCommand,
  StopInstanceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { createRegistry } from '../../src/emulator/resources';
import { REFERENCE_ACTIONS } from '../../src/emulator/reference/actions';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';

/**
 * Each implemented action's answer, through the real SDK, against the fields and types the API
 * reference lists for it (reference/model.json). Families with their own test files check their
 * actions there; this file covers the core the procedures started with.
 */
describe('Lightsail emulator: conformance to the API reference', () => {
  const h = useEmulator();
  const region = 'us-east-2';
  const zone = `${region}a`;
  const ls = () => h.lightsail(region);

  /** Waits until a snapshot, disk or instance is out of its pending state. */
  async function settle(read: () => Promise<string | undefined>, ready: string) {
    await waitFor(read, (state) => state === ready);
  }

  it('implements only actions the API reference defines', () => {
    const known = new Set(REFERENCE_ACTIONS);
    assert.deepEqual(
      createRegistry()
        .names()
        .filter((name) => !known.has(name)),
      [],
    );
  });

  it("checks only the SDK's own answer to the action named, not an object a test put together", async () => {
    // An assembled object (or another action's answer) could pass where the emulator's would not.
    // The names are variables so that conformance-coverage.test.ts does not count these refusals.
    const [regions, blueprints] = ['GetRegions', 'GetBlueprints'];
    assert.throws(() => assertMatchesReference(regions, { regions: [] }), /not the SDK's answer/);
    const bundles = await ls().send(new GetBundlesCommand({}));
    assert.throws(() => assertMatchesReference(blueprints, bundles), /not the SDK's answer/);
  });

  it('answers the instance actions with every field the reference lists', async () => {
    const created = await ls().send(
      new CreateInstancesCommand({
        instanceNames: ['web-1'],
        availabilityZone: zone,
        blueprintId: 'ubuntu_22_04',
        bundleId: 'small_3_0',
      }),
    );
    assertMatchesReference('CreateInstances', created);
    await settle(
      async () => (await ls().send(new GetInstanceStateCommand({ instanceName: 'web-1' }))).state?.name,
      'running',
    );
    assertMatchesReference('GetInstance', await ls().send(new GetInstanceCommand({ instanceName: 'web-1' })));
    assertMatchesReference('GetInstances', await ls().send(new GetInstancesCommand({})));
    assertMatchesReference(
      'GetInstanceState',
      await ls().send(new GetInstanceStateCommand({ instanceName: 'web-1' })),
    );
    assertMatchesReference(
      'RebootInstance',
      await ls().send(new RebootInstanceCommand({ instanceName: 'web-1' })),
    );
    await settle(
      async () => (await ls().send(new GetInstanceStateCommand({ instanceName: 'web-1' }))).state?.name,
      'running',
    );
    assertMatchesReference(
      'StopInstance',
      await ls().send(new StopInstanceCommand({ instanceName: 'web-1' })),
    );
    await settle(
      async () => (await ls().send(new GetInstanceStateCommand({ instanceName: 'web-1' }))).state?.name,
      'stopped',
    );
    assertMatchesReference(
      'StartInstance',
      await ls().send(new StartInstanceCommand({ instanceName: 'web-1' })),
    );
    await settle(
      async () => (await ls().send(new GetInstanceStateCommand({ instanceName: 'web-1' }))).state?.name,
      'running',
    );
    assertMatchesReference(
      'TagResource',
      await ls().send(
        new TagResourceCommand({ resourceName: 'web-1', tags: [{ key: 'team', value: 'web' }] }),
      ),
    );
    assertMatchesReference(
      'UntagResource',
      await ls().send(new UntagResourceCommand({ resourceName: 'web-1', tagKeys: ['team'] })),
    );
    assertMatchesReference(
      'CreateInstanceSnapshot',
      await ls().send(
        new CreateInstanceSnapshotCommand({ instanceName: 'web-1', instanceSnapshotName: 'web-1-snap' }),
      ),
    );
    await settle(
      async () =>
        (await ls().send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'web-1-snap' })))
          .instanceSnapshot?.state,
      'available',
    );
    assertMatchesReference(
      'GetInstanceSnapshot',
      await ls().send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'web-1-snap' })),
    );
    assertMatchesReference('GetInstanceSnapshots', await ls().send(new GetInstanceSnapshotsCommand({})));
    assertMatchesReference(
      'CreateInstancesFromSnapshot',
      await ls().send(
        new CreateInstancesFromSnapshotCommand({
          instanceNames: ['web-2'],
          availabilityZone: zone,
          instanceSnapshotName: 'web-1-snap',
          bundleId: 'small_3_0',
        }),
      ),
    );
    assertMatchesReference(
      'DeleteInstanceSnapshot',
      await ls().send(new DeleteInstanceSnapshotCommand({ instanceSnapshotName: 'web-1-snap' })),
    );
    assertMatchesReference(
      'DeleteInstance',
      await ls().send(new DeleteInstanceCommand({ instanceName: 'web-1' })),
    );
  });

  it('answers the disk and disk snapshot actions with every field the reference lists', async () => {
    assertMatchesReference(
      'CreateDisk',
      await ls().send(new CreateDiskCommand({ diskName: 'data-1', availabilityZone: zone, sizeInGb: 32 })),
    );
    await settle(
      async () => (await ls().send(new GetDiskCommand({ diskName: 'data-1' }))).disk?.state,
      'available',
    );
    assertMatchesReference('GetDisk', await ls().send(new GetDiskCommand({ diskName: 'data-1' })));
    assertMatchesReference('GetDisks', await ls().send(new GetDisksCommand({})));
    assertMatchesReference(
      'CreateDiskSnapshot',
      await ls().send(new CreateDiskSnapshotCommand({ diskName: 'data-1', diskSnapshotName: 'data-1-snap' })),
    );
    await settle(
      async () =>
        (await ls().send(new GetDiskSnapshotCommand({ diskSnapshotName: 'data-1-snap' }))).diskSnapshot
          ?.state,
      'completed',
    );
    assertMatchesReference(
      'GetDiskSnapshot',
      await ls().send(new GetDiskSnapshotCommand({ diskSnapshotName: 'data-1-snap' })),
      // A snapshot of a disk was not made from an instance.
      { absent: ['diskSnapshot.fromInstanceName', 'diskSnapshot.fromInstanceArn'] },
    );
    assertMatchesReference('GetDiskSnapshots', await ls().send(new GetDiskSnapshotsCommand({})), {
      absent: ['diskSnapshots.fromInstanceName', 'diskSnapshots.fromInstanceArn'],
    });
    assertMatchesReference(
      'EnableAddOn',
      await ls().send(
        new EnableAddOnCommand({
          resourceName: 'data-1',
          addOnRequest: {
            addOnType: 'AutoSnapshot',
            autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:00' },
          },
        }),
      ),
    );
    assertMatchesReference(
      'DisableAddOn',
      await ls().send(new DisableAddOnCommand({ resourceName: 'data-1', addOnType: 'AutoSnapshot' })),
    );
    assertMatchesReference(
      'DeleteDiskSnapshot',
      await ls().send(new DeleteDiskSnapshotCommand({ diskSnapshotName: 'data-1-snap' })),
    );
    assertMatchesReference('DeleteDisk', await ls().send(new DeleteDiskCommand({ diskName: 'data-1' })));
  });

  it('answers automatic snapshots, copies, operations and catalogues with every field the reference lists', async () => {
    // The seed gives web-1 in us-east-1 automatic snapshots.
    const auto = await h.lightsail('us-east-1').send(new GetAutoSnapshotsCommand({ resourceName: 'web-1' }));
    assertMatchesReference('GetAutoSnapshots', auto);
    const latest = auto.autoSnapshots![0]!.date!;
    const copy = await h.lightsail('eu-west-1').send(
      new CopySnapshotCommand({
        sourceRegion: 'us-east-1',
        sourceResourceName: 'web-1',
        useLatestRestorableAutoSnapshot: true,
        targetSnapshotName: 'web-1-dr',
      }),
    );
    assertMatchesReference('CopySnapshot', copy);
    assertMatchesReference(
      'DeleteAutoSnapshot',
      await h
        .lightsail('us-east-1')
        .send(new DeleteAutoSnapshotCommand({ resourceName: 'web-1', date: latest })),
    );
    const operationId = copy.operations!.find((o) => o.location?.regionName === 'eu-west-1')!.id!;
    assertMatchesReference(
      'GetOperation',
      await h.lightsail('eu-west-1').send(new GetOperationCommand({ operationId })),
    );
    assertMatchesReference('GetOperations', await ls().send(new GetOperationsCommand({})));
    assertMatchesReference(
      'GetOperationsForResource',
      await h.lightsail('eu-west-1').send(new GetOperationsForResourceCommand({ resourceName: 'web-1-dr' })),
    );
    assertMatchesReference(
      'GetRegions',
      await ls().send(
        new GetRegionsCommand({
          includeAvailabilityZones: true,
          includeRelationalDatabaseAvailabilityZones: true,
        }),
      ),
    );
    assertMatchesReference('GetBlueprints', await ls().send(new GetBlueprintsCommand({})));
    assertMatchesReference('GetBundles', await ls().send(new GetBundlesCommand({})));
  });
});

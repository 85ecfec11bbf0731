import { strict as assert } from 'node:assert';
import {
  CreateCloudFormationStackCommand,
  CreateInstanceSnapshotCommand,
  ExportSnapshotCommand,
  GetCloudFormationStackRecordsCommand,
  GetExportSnapshotRecordsCommand,
  GetOperationCommand,
  InvalidInputException,
  NotFoundException,
  type InstanceEntry,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator/seed';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

/** At this scale a two-hour export takes 100 ms. */
const EXPORT_SCALE = 72_000;

describe('Lightsail emulator: export to EC2', () => {
  const h = useEmulator();
  const ls = () => h.lightsail(SEEDED.region);
  const entry = (sourceName: string, extra: Partial<InstanceEntry> = {}): InstanceEntry => ({
    sourceName,
    instanceType: 't3.small',
    portInfoSource: 'INSTANCE',
    availabilityZone: `${SEEDED.region}a`,
    ...extra,
  });

  beforeEach(() => h.control.setTimeScale(EXPORT_SCALE));

  async function exportRecord(snapshotName: string) {
    const out = await ls().send(new ExportSnapshotCommand({ sourceSnapshotName: snapshotName }));
    assertMatchesReference('ExportSnapshot', out);
    const name = out.operations![0]!.resourceName!;
    const records = async () =>
      (await ls().send(new GetExportSnapshotRecordsCommand({}))).exportSnapshotRecords!.find(
        (r) => r.name === name,
      )!;
    return { name, operation: out.operations![0]!, records };
  }

  it('exports an instance snapshot: the record goes Started to Succeeded with an AMI id and what it came from', async () => {
    const { name, records } = await exportRecord(SEEDED.snapshot);
    assert.equal((await records()).state, 'Started');
    const done = await waitFor(records, (r) => r.state === 'Succeeded');
    assert.match(done.destinationInfo!.id!, /^ami-[0-9a-f]{17}$/);
    assert.equal(done.destinationInfo!.service, 'Aws::EC2::Image');
    assert.equal(done.sourceInfo!.name, SEEDED.snapshot);
    assert.equal(done.sourceInfo!.fromResourceName, SEEDED.instance);
    assert.equal(done.sourceInfo!.instanceSnapshotInfo!.fromBlueprintId, 'wordpress');
    assert.match(name, /^ExportSnapshotRecord-/);
    assertMatchesReference(
      'GetExportSnapshotRecords',
      await ls().send(new GetExportSnapshotRecordsCommand({})),
      {
        // An instance snapshot's record has no disk snapshot information, and the reverse.
        absent: ['exportSnapshotRecords.sourceInfo.diskSnapshotInfo'],
      },
    );
  });

  it('exports a disk snapshot to an EBS snapshot, which cannot make a CloudFormation stack', async () => {
    const { name, records } = await exportRecord(SEEDED.diskSnapshot);
    const done = await waitFor(records, (r) => r.state === 'Succeeded');
    assert.match(done.destinationInfo!.id!, /^snap-[0-9a-f]{17}$/);
    assert.equal(done.sourceInfo!.diskSnapshotInfo!.sizeInGb, 32);
    await rejectsWith(
      ls().send(new CreateCloudFormationStackCommand({ instances: [entry(name)] })),
      InvalidInputException,
      /only an exported instance snapshot makes an EC2 instance/,
    );
  });

  it('refuses a snapshot the region does not have and one still pending', async () => {
    await rejectsWith(
      ls().send(new ExportSnapshotCommand({ sourceSnapshotName: 'nope' })),
      NotFoundException,
      /The snapshot nope does not exist in us-east-1.*own region/,
    );
    await rejectsWith(
      h.lightsail('eu-west-1').send(new ExportSnapshotCommand({ sourceSnapshotName: SEEDED.snapshot })),
      NotFoundException,
      /does not exist in eu-west-1/,
    );
    await h.control.setTimeScale(60);
    await ls().send(
      new CreateInstanceSnapshotCommand({ instanceName: SEEDED.instance, instanceSnapshotName: 'fresh' }),
    );
    await rejectsWith(
      ls().send(new ExportSnapshotCommand({ sourceSnapshotName: 'fresh' })),
      InvalidInputException,
      /The instance snapshot fresh is not available yet; wait for it to complete/,
    );
  });

  it('creates one CloudFormation stack at a time from a succeeded export, ending in a stack ARN', async () => {
    const { name, records } = await exportRecord(SEEDED.snapshot);
    await rejectsWith(
      ls().send(new CreateCloudFormationStackCommand({ instances: [entry(name)] })),
      InvalidInputException,
      /not complete; wait for it to complete/,
    );
    await waitFor(records, (r) => r.state === 'Succeeded');
    await h.control.setTimeScale(3000); // the stack now takes 300 ms: long enough to try a second
    const out = await ls().send(new CreateCloudFormationStackCommand({ instances: [entry(name)] }));
    assertMatchesReference('CreateCloudFormationStack', out);
    await rejectsWith(
      ls().send(new CreateCloudFormationStackCommand({ instances: [entry(name)] })),
      InvalidInputException,
      /is still creating an EC2 instance from ExportSnapshotRecord-.*wait until it completes/,
    );
    const stacks = async () =>
      (await ls().send(new GetCloudFormationStackRecordsCommand({}))).cloudFormationStackRecords!;
    const [stack] = await waitFor(stacks, (s) => s[0]?.state === 'Succeeded');
    assert.equal(stack!.sourceInfo![0]!.name, name);
    assert.match(
      stack!.destinationInfo!.id!,
      /^arn:aws:cloudformation:us-east-1:\d{12}:stack\/Lightsail-Stack-/,
    );
    assertMatchesReference(
      'GetCloudFormationStackRecords',
      await ls().send(new GetCloudFormationStackRecordsCommand({})),
    );
  });

  it('refuses more than one instance entry, a bad port source and a zone of another region', async () => {
    const { name, records } = await exportRecord(SEEDED.snapshot);
    await waitFor(records, (r) => r.state === 'Succeeded');
    await rejectsWith(
      ls().send(new CreateCloudFormationStackCommand({ instances: [entry(name), entry(name)] })),
      InvalidInputException,
      /only pass one instance entry/,
    );
    await rejectsWith(
      ls().send(
        new CreateCloudFormationStackCommand({
          instances: [entry(name, { portInfoSource: 'OPEN' as never })],
        }),
      ),
      InvalidInputException,
      /portInfoSource must be one of DEFAULT, INSTANCE, NONE, CLOSED/,
    );
    await rejectsWith(
      ls().send(
        new CreateCloudFormationStackCommand({
          instances: [entry(name, { availabilityZone: 'eu-west-1a' })],
        }),
      ),
      InvalidInputException,
      /availabilityZone eu-west-1a is not in the region us-east-1/,
    );
  });

  it('ends the record Failed with the operation error when a fault rule fails the export', async () => {
    await h.control.setFaults([
      {
        actions: ['ExportSnapshot'],
        operationFailure: { errorCode: 'ExportFailed', errorDetails: 'AMI quota exceeded' },
        count: 1,
      },
    ]);
    const { operation, records } = await exportRecord(SEEDED.snapshot);
    const failed = await waitFor(records, (r) => r.state !== 'Started');
    assert.equal(failed.state, 'Failed');
    const op = (await ls().send(new GetOperationCommand({ operationId: operation.id }))).operation!;
    assert.equal(op.status, 'Failed');
    assert.equal(op.errorDetails, 'AMI quota exceeded');
  });
});

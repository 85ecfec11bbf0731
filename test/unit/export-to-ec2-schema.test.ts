import { strict as assert } from 'node:assert';
import { ExportToEc2Input } from '../../src/schemas/export-to-ec2';
import { formatIssues } from '../../src/schemas/format-issues';

function errorsOf(input: unknown): string {
  const parsed = ExportToEc2Input.safeParse(input);
  assert.equal(parsed.success, false, 'the input should be refused');
  return formatIssues(parsed.error);
}

const instance = {
  region: 'us-east-1',
  source: { type: 'instance', instanceName: 'web-1' },
  ec2: { instanceType: 't3.micro' },
};

describe('exportToEc2 input schema', () => {
  it('fills the EC2 defaults: zone letter a, ports of the instance, and keeps the snapshot', () => {
    const parsed = ExportToEc2Input.parse(instance);
    assert.deepEqual(parsed.ec2, {
      instanceType: 't3.micro',
      availabilityZoneLetter: 'a',
      portInfoSource: 'INSTANCE',
    });
    assert.equal(parsed.deleteIntermediateSnapshot, false);
  });

  it('requires the EC2 instance for an instance source and refuses it for a disk snapshot', () => {
    assert.match(errorsOf({ ...instance, ec2: undefined }), /ec2: is required for an instance source/);
    assert.match(
      errorsOf({
        region: 'us-east-1',
        source: { type: 'diskSnapshot', snapshotName: 'd' },
        ec2: { instanceType: 't3.micro' },
      }),
      /ec2: must be absent for a disk snapshot/,
    );
  });

  it('refuses a bad instance type, zone letter, port source and an oversized user data, naming each field', () => {
    const errors = errorsOf({
      ...instance,
      ec2: {
        instanceType: 'huge',
        availabilityZoneLetter: 'z',
        portInfoSource: 'ALL',
        userData: 'x'.repeat(17 * 1024),
      },
    });
    assert.match(errors, /ec2\.instanceType: must be an EC2 instance type such as t3\.micro/);
    assert.match(errors, /ec2\.availabilityZoneLetter: must be one letter a-f/);
    assert.match(errors, /ec2\.portInfoSource: /);
    assert.match(errors, /ec2\.userData: must be at most 16 KiB/);
  });

  it('refuses an automatic source without exactly one of restoreDate and useLatestRestorableAutoSnapshot, and an unknown source type', () => {
    assert.match(
      errorsOf({ region: 'us-east-1', source: { type: 'automatic', resourceName: 'web-1' } }),
      /source\.restoreDate: give exactly one of restoreDate and useLatestRestorableAutoSnapshot/,
    );
    assert.match(
      errorsOf({ region: 'us-east-1', source: { type: 'bucket' } }),
      /source\.type: must have "type": "instance"/,
    );
  });
});

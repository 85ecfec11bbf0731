import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { EXPORT_TO_EC2_WORKFLOW, type ExportToEc2Input } from '../../src/schemas/export-to-ec2';
import type { exportToEc2 } from '../../workflows';
import { createInstanceSnapshot } from '../support/fixtures';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';

const region = 'us-east-1';
/** An export of 7200 AWS seconds takes a second or so at this scale. */
const FAST_EXPORTS = 6000;

interface StackCall {
  instances?: { sourceName?: string; instanceType?: string; availabilityZone?: string }[];
}

describe('exportToEc2: two runs exporting one snapshot never share a record or a stack', function () {
  this.timeout(180_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });
  beforeEach(() => stack.control.setTimeScale(FAST_EXPORTS));
  afterEach(async () => {
    await stack.control.clearFaults();
    await stack.control.setTimeScale(TEST_TIME_SCALE);
  });

  function start(input: ExportToEc2Input): Promise<WorkflowHandle<typeof exportToEc2>> {
    return stack.client.workflow.start<typeof exportToEc2>(EXPORT_TO_EC2_WORKFLOW, {
      taskQueue: stack.sharedTaskQueue,
      workflowId: `test-export-race-${randomUUID()}`,
      args: [{ poll: TEST_POLL, ...input }],
    });
  }

  it('two exports of one snapshot with different instance types, both first ExportSnapshot answers lost: each run gets its own record and its own stack', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, region, 'exp-race');
    await stack.control.clearAudit();
    await stack.control.setFaults([
      { actions: ['ExportSnapshot'], errors: ['ServiceException'], afterEffect: true, count: 2 },
    ]);
    const micro = await start({
      region,
      source: { type: 'instanceSnapshot', snapshotName },
      ec2: { instanceType: 't3.micro', userData: '#!/bin/sh\necho micro' },
    });
    const large = await start({
      region,
      source: { type: 'instanceSnapshot', snapshotName },
      ec2: { instanceType: 'm5.large', userData: '#!/bin/sh\necho large' },
    });
    const [a, b] = await Promise.all([micro.result(), large.result()]);

    assert.notEqual(a.exportRecord.name, b.exportRecord.name, 'one export record each');
    assert.notEqual(a.stackArn, b.stackArn, 'one stack each');
    assert.notEqual(a.ec2InstanceId, b.ec2InstanceId);

    const exports = (await stack.control.audit({ action: 'ExportSnapshot' })).filter(
      (c) => (c.params as { sourceSnapshotName?: string }).sourceSnapshotName === snapshotName,
    );
    assert.equal(
      exports.filter((c) => c.tookEffect || !c.error).length,
      2,
      'two exports took effect, not more',
    );

    // Each stack was made from the run's own record, with the run's own instance type.
    const stacks = (await stack.control.audit({ action: 'CreateCloudFormationStack' }))
      .filter((c) => !c.error)
      .map((c) => (c.params as StackCall).instances?.[0]);
    assert.deepEqual(
      stacks.map((s) => `${s?.sourceName} ${s?.instanceType}`).sort(),
      [`${a.exportRecord.name} t3.micro`, `${b.exportRecord.name} m5.large`].sort(),
    );
    const state = (await stack.control.state())[region]!;
    for (const record of [a.exportRecord.name, b.exportRecord.name]) {
      const made = Object.values(state.cloudFormationStackRecords).filter(
        (s) => s.exportRecordName === record,
      );
      assert.equal(made.length, 1, `one stack from ${record}`);
    }
  });
});

import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { GetInstanceSnapshotsCommand } from '@aws-sdk/client-lightsail';
import type { WorkflowHandle } from '@temporalio/client';
import { EXPORT_TO_EC2_WORKFLOW, type ExportToEc2Input } from '../../src/schemas/export-to-ec2';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import type { exportToEc2 } from '../../workflows';
import {
  createDiskSnapshot,
  createInstance,
  createInstanceSnapshot,
  daysAgo,
  uniqueName,
  waitUntil,
} from '../support/fixtures';
import { expectFailure } from '../support/failures';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';

const region = 'us-east-1';
const ec2 = { instanceType: 't3.micro' };
/** An export of 7200 AWS seconds takes a second or so at this scale. */
const FAST_EXPORTS = 6000;

describe('exportToEc2 on the dev server against the emulator', function () {
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

  function start(
    input: ExportToEc2Input,
    taskQueue = stack.sharedTaskQueue,
  ): Promise<WorkflowHandle<typeof exportToEc2>> {
    return stack.client.workflow.start<typeof exportToEc2>(EXPORT_TO_EC2_WORKFLOW, {
      taskQueue,
      workflowId: `test-export-${randomUUID()}`,
      args: [{ poll: TEST_POLL, ...input }],
    });
  }

  /** Successful calls of an action since the test began, whose parameters mention `text`. */
  async function calls(action: string, text: string): Promise<number> {
    return (await stack.control.audit({ action })).filter(
      (c) => c.status === 200 && JSON.stringify(c.params).includes(text),
    ).length;
  }

  it('exports an instance: snapshots it, exports the snapshot, and the stack makes an EC2 instance', async () => {
    const instanceName = uniqueName('exp-inst');
    await createInstance(stack.clients, region, instanceName);
    const handle = await start({
      region,
      source: { type: 'instance', instanceName },
      ec2,
      deleteIntermediateSnapshot: true,
    });
    const result = await handle.result();
    assert.match(result.snapshot.name, new RegExp(`^${instanceName}-export-`));
    assert.deepEqual(
      { madeByRun: result.snapshot.madeByRun, deleted: result.snapshot.deleted },
      { madeByRun: true, deleted: true },
    );
    assert.match(result.amiId!, /^ami-[0-9a-f]{17}$/);
    assert.match(result.stackArn!, /^arn:aws:cloudformation:us-east-1:\d{12}:stack\//);
    assert.match(result.ec2InstanceId!, /^i-[0-9a-f]{17}$/);
    const state = await stack.control.state();
    const stackRecord = Object.values(state[region]!.cloudFormationStackRecords).find(
      (r) => r.stackArn === result.stackArn,
    );
    assert.equal(stackRecord?.ec2InstanceId, result.ec2InstanceId, 'the id is the one the stack made');
    assert.deepEqual(
      result.steps.map((s) => s.step),
      ['check', 'snapshot', 'export', 'stack', 'cleanup'],
    );
    assert.equal(await calls('CreateCloudFormationStack', result.exportRecord.name), 1);
  });

  it('exports a disk snapshot and ends at the EBS snapshot, with no stack', async () => {
    const { snapshotName } = await createDiskSnapshot(stack.clients, region, 'exp-disk');
    const result = await (await start({ region, source: { type: 'diskSnapshot', snapshotName } })).result();
    assert.match(result.ebsSnapshotId!, /^snap-[0-9a-f]{17}$/);
    assert.equal(result.stackArn, undefined);
    assert.equal(result.snapshot.madeByRun, false);
    assert.equal(await calls('CreateCloudFormationStack', result.exportRecord.name), 0);
  });

  it('copies an automatic snapshot to a manual one as its own step, then exports that', async () => {
    const instanceName = uniqueName('exp-auto');
    await createInstance(stack.clients, region, instanceName, { autoSnapshots: true });
    const date = daysAgo(1);
    await stack.control.addAutoSnapshot({ region, resourceName: instanceName, date });
    const handle = await start({
      region,
      source: { type: 'automatic', resourceName: instanceName, useLatestRestorableAutoSnapshot: true },
      ec2,
    });
    const result = await handle.result();
    assert.match(result.snapshot.name, new RegExp(`^${instanceName}-auto-${date}-export-`));
    assert.ok(result.steps.some((s) => s.step === 'copy-to-manual'));
    assert.equal(await calls('CopySnapshot', instanceName), 1);
    assert.ok(result.ec2InstanceId);
  });

  it('refuses an instance of a blueprint Lightsail cannot export, before anything changes', async () => {
    const instanceName = uniqueName('exp-cpanel');
    await createInstance(stack.clients, region, instanceName, { blueprintId: 'cpanel_whm_linux' });
    await stack.control.clearAudit();
    const failure = await expectFailure(
      (await start({ region, source: { type: 'instance', instanceName }, ec2 })).result(),
    );
    assert.equal(failure.type, 'NotExportable');
    assert.match(
      failure.message,
      /cPanel & WHM for Linux blueprint \(cpanel_whm_linux\), which Lightsail cannot export/,
    );
    const mutating = (await stack.control.audit()).filter((c) => !/^Get/.test(c.action));
    assert.deepEqual(
      mutating.map((c) => c.action),
      [],
      'no call changed anything',
    );
  });

  it("fails with Lightsail's reason when the export ends Failed, creates nothing after it, and deletes the snapshot it took", async () => {
    const instanceName = uniqueName('exp-fail');
    await createInstance(stack.clients, region, instanceName);
    await stack.control.setFaults([
      {
        actions: ['ExportSnapshot'],
        operationFailure: {
          errorCode: 'ExportFailed',
          errorDetails: 'The snapshot could not be converted to an AMI.',
        },
      },
    ]);
    const handle = await start({ region, source: { type: 'instance', instanceName }, ec2 });
    const failure = await expectFailure(handle.result());
    assert.match(failure.message, /ExportFailed: The snapshot could not be converted to an AMI/);
    const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
    const made = progress.resources.find((r) => r.action === 'created')!;
    assert.ok(progress.resources.some((r) => r.action === 'deleted' && r.name === made.name));
    assert.equal((await stack.control.audit({ action: 'CreateCloudFormationStack' })).length, 0);
    const left = await stack.clients.forRegion(region).send(new GetInstanceSnapshotsCommand({}));
    assert.ok(
      !left.instanceSnapshots?.some((s) => s.name === made.name),
      'the intermediate snapshot is gone',
    );
  });

  it("makes exactly one stack when the worker restarts after the export and the stack call's answer is lost", async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, region, 'exp-restart');
    // The first CreateCloudFormationStack takes effect but answers an error, as a lost response.
    await stack.control.setFaults([
      { actions: ['CreateCloudFormationStack'], errors: ['ServiceException'], afterEffect: true, count: 1 },
    ]);
    const taskQueue = `export-restart-${randomUUID().slice(0, 8)}`;
    const first = await stack.startWorker(taskQueue);
    const handle = await start(
      { region, source: { type: 'instanceSnapshot', snapshotName }, ec2 },
      taskQueue,
    );
    await waitUntil(
      'the export done',
      async () => {
        const p = await handle.query<RunProgress>(PROGRESS_QUERY).catch(() => undefined);
        return p?.steps.find((s) => s.id === 'export')?.state === 'succeeded' ? true : undefined;
      },
      60_000,
    );
    await first.stop();
    const second = await stack.startWorker(taskQueue);
    try {
      const result = await handle.result();
      assert.ok(result.ec2InstanceId);
      const stacks = Object.values((await stack.control.state())[region]!.cloudFormationStackRecords).filter(
        (r) => r.exportRecordName === result.exportRecord.name,
      );
      assert.equal(stacks.length, 1, 'one stack for the export');
    } finally {
      await second.stop();
    }
  });

  it('waits two hours of export (emulated) with a history of under 100 events', async () => {
    await stack.control.setTimeScale(TEST_TIME_SCALE); // 7200 AWS seconds: 12 s here
    const { snapshotName } = await createInstanceSnapshot(stack.clients, region, 'exp-long');
    await stack.control.clearAudit();
    const handle = await start({ region, source: { type: 'instanceSnapshot', snapshotName }, ec2 });
    await handle.result();
    const history = await handle.fetchHistory();
    const polls =
      (await stack.control.audit({ action: 'GetOperation' })).length +
      (await stack.control.audit({ action: 'GetOperations' })).length;
    // 0.1 s growing to 0.5 s between checks over 12 s: a dozen or more checks, none in history.
    assert.ok(polls >= 10, `the wait polled many times (${polls})`);
    assert.ok(history.events!.length < 100, `history has ${history.events!.length} events`);
  });
});

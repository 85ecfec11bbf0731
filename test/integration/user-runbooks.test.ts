import { strict as assert } from 'node:assert';
import { GetInstanceSnapshotsCommand } from '@aws-sdk/client-lightsail';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import { uniqueName } from '../support/fixtures';
import { createTaggedInstances, exampleRunbook, startRunbook } from '../support/runbook-fixtures';
import { testStack, type TestStack } from '../support/stack';

const REGION = 'us-east-1';

describe('user runbooks on the dev server and the emulator', function () {
  this.timeout(180_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  afterEach(() => stack.control.clearFaults());

  /** The instance snapshots in the region, by name, with their run tag. */
  async function snapshotsByName(): Promise<Map<string, string | undefined>> {
    const out = await stack.clients.forRegion(REGION).send(new GetInstanceSnapshotsCommand({}));
    return new Map(
      (out.instanceSnapshots ?? []).map((s) => [s.name!, s.tags?.find((t) => t.key === RUN_TAG_KEY)?.value]),
    );
  }

  it('examples/runbooks/patch-fleet.yaml snapshots, reboots and checks each tagged instance, one at a time', async () => {
    const tag = { key: 'env', value: uniqueName('prod') };
    const names = [uniqueName('fleet-a'), uniqueName('fleet-b')];
    await createTaggedInstances(stack.clients, REGION, names, tag);
    const handle = await startRunbook(stack, exampleRunbook('patch-fleet.yaml'), { tagValue: tag.value });
    const result = await handle.result();
    assert.deepEqual([...(result.outputs.patched as string[])].sort(), [...names].sort());
    const snapshots = await snapshotsByName();
    for (const name of result.outputs.snapshots as string[]) {
      assert.equal(snapshots.get(name), handle.workflowId, `snapshot ${name} carries the run's tag`);
    }
    const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
    assert.equal(progress.facts.runbook, 'patch-fleet');
    assert.deepEqual(
      progress.steps.map((s) => [s.id, s.state]),
      [
        ['fleet', 'succeeded'],
        ['patch', 'succeeded'],
      ],
    );
    assert.equal(progress.steps[1]?.detail, '2 of 2 item(s) done');
  });
});

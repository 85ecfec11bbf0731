import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import {
  DeleteContainerServiceCommand,
  GetContainerServiceDeploymentsCommand,
} from '@aws-sdk/client-lightsail';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  BLUE_GREEN_WORKFLOW,
  type BlueGreenDeployInput,
  type BlueGreenDeployResult,
} from '../../src/schemas/blue-green-deploy';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import type { blueGreenDeploy } from '../../workflows';
import {
  createDistribution,
  createRunningService,
  servedBy,
  shopDeployment,
} from '../support/container-fixtures';
import { expectFailure } from '../support/failures';
import { uniqueName, waitUntil } from '../support/fixtures';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';

const EventType = temporal.api.enums.v1.EventType;
const region = 'us-east-1';
const verification = { path: '/', expectedStatus: 200, checks: 2, intervalSeconds: 0.1, timeoutSeconds: 2 };

describe('blueGreenDeploy: releases that overlap never share a deployment or a service', function () {
  this.timeout(180_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });
  afterEach(async () => {
    await stack.control.clearFaults();
    await stack.control.setTimeScale(TEST_TIME_SCALE);
  });

  function start(input: BlueGreenDeployInput): Promise<WorkflowHandle<typeof blueGreenDeploy>> {
    return stack.client.workflow.start<typeof blueGreenDeploy>(BLUE_GREEN_WORKFLOW, {
      taskQueue: stack.sharedTaskQueue,
      workflowId: `test-release-race-${randomUUID()}`,
      args: [{ poll: TEST_POLL, ...input }],
    });
  }

  async function deploymentVersions(serviceName: string): Promise<number[]> {
    const out = await stack.clients
      .forRegion(region)
      .send(new GetContainerServiceDeploymentsCommand({ serviceName }));
    return (out.deployments ?? []).map((d) => d.version ?? 0).sort((a, b) => a - b);
  }

  it('two in-place releases of one specification to one service, both first answers lost: the second waits its turn and each makes its own deployment', async () => {
    const service = uniqueName('shop');
    const before = await createRunningService(stack.clients, region, service, shopDeployment('1'));
    const v1 = before.currentDeployment!.version!;
    await stack.control.setFaults([
      {
        actions: ['CreateContainerServiceDeployment'],
        errors: ['ServiceException'],
        afterEffect: true,
        count: 2,
      },
    ]);
    const input: BlueGreenDeployInput = {
      strategy: 'in-place',
      region,
      serviceName: service,
      deployment: shopDeployment('2'),
      verification,
    };
    const runs = [await start(input), await start(input)];
    const results: BlueGreenDeployResult[] = await Promise.all(runs.map((r) => r.result()));

    assert.deepEqual(
      results.map((r) => r.version).sort(),
      [v1 + 1, v1 + 2],
      'each run reports its own deployment, none adopted the other',
    );
    assert.deepEqual(await deploymentVersions(service), [v1, v1 + 1, v1 + 2], 'two deployments were made');
    // The run that went second says whom it waited for.
    const second = results[0]!.version > results[1]!.version ? 0 : 1;
    const progress = await runs[second]!.query<RunProgress>(PROGRESS_QUERY);
    assert.match(
      progress.steps.find((s) => s.id === 'turn')?.detail ?? '',
      new RegExp(runs[1 - second]!.workflowId),
    );
  });

  it('two blue-green releases of one pair at once: one after the other, each switching the distribution once to the side it deployed; the first lets its end end its locks, unsignalled', async () => {
    const blue = uniqueName('blue');
    const green = uniqueName('green');
    const distributionName = uniqueName('cdn');
    await createRunningService(stack.clients, region, blue, shopDeployment('1'));
    const url = await createDistribution(stack.clients, distributionName, { name: blue, regionName: region });
    const input = (label: string): BlueGreenDeployInput => ({
      strategy: 'blue-green',
      region,
      services: [blue, green],
      distributionName,
      deployment: shopDeployment(label),
      verification,
      bakeMinutes: 0.02,
    });
    const first = await start(input('2'));
    const second = await start(input('3'));
    const results: BlueGreenDeployResult[] = await Promise.all([first.result(), second.result()]);

    assert.deepEqual(
      results.map((r) => r.serving).sort(),
      [blue, green].sort(),
      'each deployed to the side idle in its turn',
    );
    const switches = (await stack.control.audit({ action: 'UpdateDistribution' })).filter(
      (c) =>
        (c.params as { distributionName?: string }).distributionName === distributionName && c.status === 200,
    );
    assert.equal(switches.length, 2, 'one origin switch each');
    // The first moved traffic to green, the second back to blue.
    assert.equal((await servedBy(url)).body.service, blue);
    for (const run of [first, second]) {
      const signals = ((await run.fetchHistory()).events ?? []).filter(
        (e) => e.eventType === EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      );
      // Before the patch locks-end-with-run: one release signal per lock (three each).
      assert.equal(signals.length, 0, 'the locks end with the run, which signals none');
    }
  });

  it('the idle service deleted by hand while its deployment activates fails the release promptly with ResourceVanished; traffic never moved', async () => {
    const blue = uniqueName('blue');
    const green = uniqueName('green');
    const distributionName = uniqueName('cdn');
    await createRunningService(stack.clients, region, blue, shopDeployment('1'));
    const url = await createDistribution(stack.clients, distributionName, { name: blue, regionName: region });
    const run = await start({
      strategy: 'blue-green',
      region,
      services: [blue, green],
      distributionName,
      deployment: shopDeployment('2'),
      verification,
      bakeMinutes: 0.02,
    });
    await waitUntil(
      'the deployment to activate',
      async () => {
        const progress = await run.query<RunProgress>(PROGRESS_QUERY);
        return /activating/.test(progress.steps.find((s) => s.id === 'deploy')?.detail ?? '')
          ? true
          : undefined;
      },
      30_000,
    );
    await stack.control.setTimeScale(10); // the deployment now activates for many seconds
    await stack.clients.forRegion(region).send(new DeleteContainerServiceCommand({ serviceName: green }));
    const deletedAt = Date.now();
    const failure = await expectFailure(run.result());
    assert.equal(failure.type, 'ResourceVanished');
    assert.match(failure.message, new RegExp(green));
    assert.ok(Date.now() - deletedAt < 15_000, 'failed within the bound, not at the poll timeout');
    assert.equal((await servedBy(url)).body.service, blue);
  });
});

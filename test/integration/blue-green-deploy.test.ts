import { strict as assert } from 'node:assert';
import { GetContainerServiceDeploymentsCommand } from '@aws-sdk/client-lightsail';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import {
  BLUE_GREEN_WORKFLOW,
  RELEASE_UPDATES,
  type BlueGreenDeployInput,
  type BlueGreenDeployResult,
} from '../../src/schemas/blue-green-deploy';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import type { blueGreenDeploy } from '../../workflows';
import {
  createDistribution,
  createRunningService,
  getService,
  servedBy,
  shopDeployment,
} from '../support/container-fixtures';
import { uniqueName, waitUntil } from '../support/fixtures';
import { expectFailure } from '../support/failures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

const region = 'us-east-1';

/** Fast checks: the emulator answers at once; a release's bake lasts seconds here. */
const verification = { path: '/', expectedStatus: 200, checks: 2, intervalSeconds: 0.1, timeoutSeconds: 2 };

/** An update refused by its validator: the caller gets the validator's message as the cause. */
async function refusedUpdate(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(
      err instanceof WorkflowUpdateFailedError,
      `expected WorkflowUpdateFailedError, got ${String(err)}`,
    );
    assert.match(String(err.cause?.message), message);
    return true;
  });
}

describe('blueGreenDeploy on the dev server against the emulator', function () {
  this.timeout(120_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  function start(input: BlueGreenDeployInput, taskQueue = stack.sharedTaskQueue) {
    return stack.client.workflow.start<typeof blueGreenDeploy>(BLUE_GREEN_WORKFLOW, {
      taskQueue,
      workflowId: `test-release-${randomUUID()}`,
      args: [{ poll: TEST_POLL, ...input }],
    });
  }

  /** Waits until the run's progress shows `step` running. */
  async function atStep(handle: WorkflowHandle, step: string): Promise<RunProgress> {
    return waitUntil(
      `step ${step}`,
      async () => {
        const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
        return progress.steps.find((s) => s.id === step)?.state === 'running' ? progress : undefined;
      },
      30_000,
    );
  }

  async function originSwitches(distributionName: string): Promise<number> {
    const calls = await stack.control.audit({ action: 'UpdateDistribution' });
    return calls.filter(
      (c) =>
        (c.params as { distributionName?: string }).distributionName === distributionName && c.status === 200,
    ).length;
  }

  /** Two services, blue serving v1 through a distribution; green does not exist yet. */
  async function bluePair() {
    const blue = uniqueName('blue');
    const green = uniqueName('green');
    const distributionName = uniqueName('cdn');
    // Two nodes, so that scaling the old side down after the bake shows.
    await createRunningService(stack.clients, region, blue, shopDeployment('1'), 2);
    const url = await createDistribution(stack.clients, distributionName, { name: blue, regionName: region });
    assert.equal((await servedBy(url)).body.service, blue);
    return { blue, green, distributionName, url };
  }

  function blueGreenInput(
    pair: { blue: string; green: string; distributionName: string },
    extra: Partial<Extract<BlueGreenDeployInput, { strategy: 'blue-green' }>> = {},
  ): BlueGreenDeployInput {
    return {
      strategy: 'blue-green',
      region,
      services: [pair.blue, pair.green],
      distributionName: pair.distributionName,
      deployment: shopDeployment('2'),
      verification,
      bakeMinutes: 0.02,
      ...extra,
    };
  }

  describe('in place', () => {
    /** A running service serving v1 behind a distribution that does not cache; its viewer URL. */
    async function servedService() {
      const service = uniqueName('shop');
      const before = await createRunningService(stack.clients, region, service, shopDeployment('1'));
      const url = await createDistribution(
        stack.clients,
        uniqueName('cdn'),
        { name: service, regionName: region },
        'dont-cache',
      );
      return { service, before, url };
    }

    it('deploys a new version, verifies it, and the service serves it', async () => {
      const { service, before, url } = await servedService();
      const handle = await start({
        strategy: 'in-place',
        region,
        serviceName: service,
        deployment: shopDeployment('2'),
        verification,
      });
      const result: BlueGreenDeployResult = await handle.result();
      assert.equal(result.serving, service);
      assert.equal(result.version, before.currentDeployment!.version! + 1);
      assert.equal(result.checksPassed, 2);
      const served = await servedBy(url);
      assert.equal(served.body.image, 'shop:2');
      assert.equal(served.body.version, result.version);
    });

    it('refuses rollback on an in-place release, saying it has no rollback gate and to cancel it instead', async () => {
      const { service } = await servedService();
      const handle = await start({
        strategy: 'in-place',
        region,
        serviceName: service,
        deployment: shopDeployment('2'),
        verification,
      });
      await refusedUpdate(
        handle.executeUpdate(RELEASE_UPDATES.rollback, { args: [{ reason: 'error rate doubled' }] }),
        new RegExp(
          `^rollback: in-place releases have no rollback gate.*cancel it with \`lightsail-flows cancel ${handle.workflowId}\``,
        ),
      );
      const result: BlueGreenDeployResult = await handle.result();
      assert.equal(result.serving, service);
    });

    it('adopts the deployment its own earlier attempt made when the answer was lost: one new version, not two', async () => {
      const { service, before, url } = await servedService();
      await stack.control.setFaults([
        {
          actions: ['CreateContainerServiceDeployment'],
          errors: ['ServiceException'],
          afterEffect: true,
          count: 1,
        },
      ]);
      try {
        const handle = await start({
          strategy: 'in-place',
          region,
          serviceName: service,
          deployment: shopDeployment('2'),
          verification,
        });
        const result = await handle.result();
        assert.equal(result.version, before.currentDeployment!.version! + 1);
      } finally {
        await stack.control.clearFaults();
      }
      // The lost answer's call took effect (the audit shows it failed): the service itself counts.
      const deployments = await stack.clients
        .forRegion(region)
        .send(new GetContainerServiceDeploymentsCommand({ serviceName: service }));
      assert.deepEqual(
        deployments.deployments!.map((d) => d.version),
        [before.currentDeployment!.version! + 1, before.currentDeployment!.version!],
        'one deployment was made',
      );
      assert.equal((await servedBy(url)).body.image, 'shop:2');
    });

    it('fails with the reason and the log when the deployment fails its health check; the old version still serves', async () => {
      const { service, before, url } = await servedService();
      const handle = await start({
        strategy: 'in-place',
        region,
        serviceName: service,
        deployment: shopDeployment('2', { EMULATOR_HEALTH_CHECK: 'fail' }),
        verification,
      });
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'DeploymentFailed');
      assert.match(failure.message, /failed; Lightsail keeps the previous deployment active/);
      assert.match(failure.message, /Last log lines:\n[\s\S]*Health check failed for container "web"/);
      assert.doesNotMatch(failure.message, /deployment:1\]/, 'the tail is about the failed deployment');
      const served = await servedBy(url);
      assert.equal(served.body.image, 'shop:1');
      assert.equal(served.body.version, before.currentDeployment!.version);
    });

    it('redeploys the previous specification when verification fails', async () => {
      const { service, before, url } = await servedService();
      const handle = await start({
        strategy: 'in-place',
        region,
        serviceName: service,
        deployment: shopDeployment('2', { EMULATOR_FAIL_PATHS: '/ready' }),
        verification: { ...verification, path: '/ready' },
      });
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'ReleaseRolledBack');
      assert.match(failure.message, /Verification of version \d+ failed: GET .*\/ready answered 500/);
      const after = await getService(stack.clients, region, service);
      assert.equal(after.currentDeployment!.version, before.currentDeployment!.version! + 2);
      const served = await servedBy(url);
      assert.equal(served.body.image, 'shop:1');
      assert.equal(served.body.version, before.currentDeployment!.version! + 2);
    });
  });

  describe('blue-green', () => {
    it('creates the idle side, deploys, switches the distribution once, and the distribution serves the new version', async () => {
      const pair = await bluePair();
      const handle = await start(blueGreenInput(pair, { afterBake: 'scale-down' }));
      const result: BlueGreenDeployResult = await handle.result();
      assert.equal(result.serving, pair.green);
      assert.deepEqual(result.previous?.service, pair.blue);
      const served = await servedBy(pair.url);
      assert.equal(served.body.service, pair.green);
      assert.equal(served.body.image, 'shop:2');
      assert.equal(await originSwitches(pair.distributionName), 1);
      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      assert.equal(progress.facts.serving, pair.green);
      assert.ok(Number(progress.facts['checks passed']) >= 2);
      assert.equal((await getService(stack.clients, region, pair.blue)).scale, 1);
    });

    it("the bake step's count of checks agrees with the 'checks passed' fact", async () => {
      const pair = await bluePair();
      const handle = await start(blueGreenInput(pair));
      const result: BlueGreenDeployResult = await handle.result();
      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      const bakeChecks = result.checksPassed - verification.checks;
      assert.equal(progress.facts['checks passed'], result.checksPassed);
      assert.match(
        progress.steps.find((s) => s.id === 'bake')?.detail ?? '',
        new RegExp(
          `^${bakeChecks} checks passed \\(${result.checksPassed} counting the verification\\) until `,
        ),
      );
    });

    it('keeps traffic on the old side when the new deployment fails its health check, and deletes the side it created', async () => {
      const pair = await bluePair();
      const handle = await start(
        blueGreenInput(pair, { deployment: shopDeployment('2', { EMULATOR_HEALTH_CHECK: 'fail' }) }),
      );
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'DeploymentFailed');
      assert.equal((await servedBy(pair.url)).body.service, pair.blue);
      assert.equal(await originSwitches(pair.distributionName), 0);
      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      assert.ok(progress.resources.some((r) => r.name === pair.green && r.action === 'deleted'));
    });

    it('never moves traffic when verification of the idle side fails', async () => {
      const pair = await bluePair();
      const handle = await start(
        blueGreenInput(pair, {
          deployment: shopDeployment('2', { EMULATOR_FAIL_PATHS: '/ready' }),
          verification: { ...verification, path: '/ready' },
        }),
      );
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'VerificationFailed');
      assert.match(failure.message, /Traffic never moved/);
      assert.equal((await servedBy(pair.url)).body.service, pair.blue);
      assert.equal(await originSwitches(pair.distributionName), 0);
    });

    it('moves traffic back within seconds when a rollback is requested during a long bake, cancelling the watch', async () => {
      const pair = await bluePair();
      const handle = await start(blueGreenInput(pair, { bakeMinutes: 5 }));
      await atStep(handle, 'bake');
      await waitUntil('the watch', async () => {
        const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
        const detail = progress.steps.find((s) => s.id === 'bake')?.detail ?? '';
        return /^watching until \d\d:\d\d:\d\d UTC$/.test(detail) || undefined;
      });
      assert.equal((await servedBy(pair.url)).body.service, pair.green);
      const asked = Date.now();
      const answer = await handle.executeUpdate(RELEASE_UPDATES.rollback, {
        args: [{ reason: 'error rate doubled' }],
      });
      assert.match(String(answer), /Rollback requested/);
      const failure = await expectFailure(handle.result());
      const seconds = (Date.now() - asked) / 1000;
      assert.ok(seconds < 20, `rolled back ${seconds} s after the request; the bake had 5 minutes left`);
      assert.equal(failure.type, 'ReleaseRolledBack');
      assert.match(failure.message, /error rate doubled/);
      assert.equal((await servedBy(pair.url)).body.service, pair.blue);
      assert.equal(await originSwitches(pair.distributionName), 2);
      const events = (await handle.fetchHistory()).events!;
      assert.ok(
        events.some((e) => e.activityTaskCancelRequestedEventAttributes),
        'the health watch was asked to stop',
      );
    });

    it('moves traffic back when the new side turns unhealthy during the bake', async () => {
      const pair = await bluePair();
      const handle = await start(
        blueGreenInput(pair, {
          deployment: shopDeployment('2', { EMULATOR_UNHEALTHY_AFTER_SECONDS: '1200' }),
          bakeMinutes: 5,
        }),
      );
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'BakeHealthCheckFailed');
      assert.equal((await servedBy(pair.url)).body.service, pair.blue);
    });

    it('waits for approval, answers approve, refuses approve when not waiting, and disables the old side after the bake', async () => {
      const pair = await bluePair();
      const handle = await start(
        blueGreenInput(pair, { approval: { timeoutMinutes: 5 }, afterBake: 'disable' }),
      );
      await refusedUpdate(
        handle.executeUpdate(RELEASE_UPDATES.approve, { args: [{}] }),
        /not waiting for approval/,
      );
      await atStep(handle, 'approval');
      assert.equal((await servedBy(pair.url)).body.service, pair.blue);
      const answer = await handle.executeUpdate(RELEASE_UPDATES.approve, { args: [{ by: 'ana' }] });
      assert.match(String(answer), /Approved by ana/);
      const result = await handle.result();
      assert.equal(result.serving, pair.green);
      assert.equal((await servedBy(pair.url)).body.service, pair.green);
      assert.equal((await getService(stack.clients, region, pair.blue)).isDisabled, true);
    });

    it('refuses rollback while waiting for approval, saying to reject instead, and the progress still waits for approval', async () => {
      const pair = await bluePair();
      const handle = await start(blueGreenInput(pair, { approval: { timeoutMinutes: 5 } }));
      await atStep(handle, 'approval');
      await refusedUpdate(
        handle.executeUpdate(RELEASE_UPDATES.rollback, { args: [{ reason: 'wrong build' }] }),
        new RegExp(
          `^rollback: the release is waiting for approval and traffic has not moved\\. Reject it instead: \`lightsail-flows reject ${handle.workflowId} --reason`,
        ),
      );
      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      assert.equal(progress.facts.approval, 'waiting');
      assert.equal(progress.facts.rollback, undefined);
      assert.equal(progress.steps.find((s) => s.id === 'approval')?.state, 'running');
      await handle.executeUpdate(RELEASE_UPDATES.reject, { args: [{ reason: 'wrong build' }] });
      assert.equal((await expectFailure(handle.result())).type, 'ReleaseRejected');
    });

    it('a rollback asked before the approval step fails that step, and the progress shows the rollback, not approval waiting', async () => {
      const pair = await bluePair();
      const handle = await start(blueGreenInput(pair, { approval: { timeoutMinutes: 5 } }));
      await atStep(handle, 'prepare-idle');
      const answer = await handle.executeUpdate(RELEASE_UPDATES.rollback, {
        args: [{ reason: 'wrong build', by: 'ana' }],
      });
      assert.match(String(answer), /the release stops after its current step .*traffic never moved/);
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'ReleaseRolledBack');
      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      assert.equal(progress.facts.rollback, 'requested by ana: wrong build');
      assert.equal(progress.facts.approval, 'not needed: rollback requested');
      const approval = progress.steps.find((s) => s.id === 'approval');
      assert.equal(approval?.state, 'failed');
      assert.match(approval?.detail ?? '', /Rolled back on request by ana: wrong build/);
      assert.equal(await originSwitches(pair.distributionName), 0);
    });

    it('refuses approve on a release started without an approval step, saying it goes on by itself', async () => {
      const pair = await bluePair();
      const handle = await start(blueGreenInput(pair));
      await refusedUpdate(
        handle.executeUpdate(RELEASE_UPDATES.approve, { args: [{ by: 'ana' }] }),
        /^approve: this release was started without an approval step, so it goes on by itself/,
      );
      assert.equal((await handle.result()).serving, pair.green);
    });

    it('stops when approval is rejected, with the reason, and traffic never moves', async () => {
      const pair = await bluePair();
      const handle = await start(blueGreenInput(pair, { approval: { timeoutMinutes: 5 } }));
      await atStep(handle, 'approval');
      await refusedUpdate(
        handle.executeUpdate(RELEASE_UPDATES.reject, { args: [{ reason: '' }] }),
        /reason: say why/,
      );
      await handle.executeUpdate(RELEASE_UPDATES.reject, { args: [{ reason: 'wrong build', by: 'ana' }] });
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'ReleaseRejected');
      assert.match(failure.message, /Rejected by ana: wrong build/);
      assert.equal((await servedBy(pair.url)).body.service, pair.blue);
      assert.equal(await originSwitches(pair.distributionName), 0);
    });

    it('stops when approval times out, and traffic never moves', async () => {
      const pair = await bluePair();
      const handle = await start(blueGreenInput(pair, { approval: { timeoutMinutes: 0.02 } }));
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'ApprovalTimedOut');
      assert.equal((await servedBy(pair.url)).body.service, pair.blue);
      assert.equal(await originSwitches(pair.distributionName), 0);
    });

    it('after a worker restart mid-bake, watches only what is left of the bake, not the whole bake again', async () => {
      const pair = await bluePair();
      const taskQueue = `release-resume-${randomUUID().slice(0, 8)}`;
      const first = await stack.startWorker(taskQueue);
      const bakeSeconds = 15;
      const handle = await start(blueGreenInput(pair, { bakeMinutes: bakeSeconds / 60 }), taskQueue);
      await atStep(handle, 'bake');
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      // Stopping cancels the running watch: its attempt fails, and the next worker retries it.
      await first.stop();
      const second = await stack.startWorker(taskQueue);
      try {
        const result = await handle.result();
        const bakeMs = result.steps.find((s) => s.step === 'bake')!.durationMs;
        // Starting over would take 8 s (before the restart) + 15 s.
        assert.ok(bakeMs < (bakeSeconds + 4) * 1000, `the bake took ${bakeMs} ms`);
        assert.ok(result.checksPassed > verification.checks, 'the bake counted checks');
      } finally {
        await second.stop();
      }
      const attempts = (await handle.fetchHistory()).events!.filter(
        (e) =>
          e.activityTaskStartedEventAttributes && Number(e.activityTaskStartedEventAttributes.attempt) > 1,
      );
      assert.ok(attempts.length >= 1, 'the watch was retried on the second worker');
    });

    it('completes once after the worker is restarted during the bake, with one origin switch', async () => {
      const pair = await bluePair();
      const taskQueue = `release-restart-${randomUUID().slice(0, 8)}`;
      const first = await stack.startWorker(taskQueue);
      const handle = await start(blueGreenInput(pair, { bakeMinutes: 0.1 }), taskQueue);
      await atStep(handle, 'bake');
      await first.stop();
      const second = await stack.startWorker(taskQueue);
      try {
        const result = await handle.result();
        assert.equal(result.serving, pair.green);
      } finally {
        await second.stop();
      }
      assert.equal((await servedBy(pair.url)).body.service, pair.green);
      assert.equal(await originSwitches(pair.distributionName), 1);
    });

    describe('history size of the bake', function () {
      // CI's pair: 0.1 and 1 minute, a check every 0.1 s. A real pair, outside CI, prints both
      // counts: BAKE_TEST_MINUTES=1,10 BAKE_TEST_INTERVAL_SECONDS=5 npx mocha ... -g 'ten times'.
      const [shortMinutes, longMinutes] = (process.env.BAKE_TEST_MINUTES ?? '0.1,1')
        .split(',')
        .map(Number) as [number, number];
      const intervalSeconds = Number(process.env.BAKE_TEST_INTERVAL_SECONDS ?? 0.1);
      this.timeout((longMinutes * 60 + 120) * 1000);

      it('a bake ten times longer, with ten times the health checks, ends within a few events of the short one', async () => {
        const bakeOf = async (bakeMinutes: number) => {
          const pair = await bluePair();
          const handle = await start(
            blueGreenInput(pair, { bakeMinutes, verification: { ...verification, intervalSeconds } }),
          );
          const result = await handle.result();
          const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
          return {
            bakeMinutes,
            bakeChecks: result.checksPassed - verification.checks,
            events: (await handle.fetchHistory()).events!.length,
            detail: progress.steps.find((s) => s.id === 'bake')?.detail,
          };
        };
        const [short, long] = await Promise.all([bakeOf(shortMinutes), bakeOf(longMinutes)]);
        if (process.env.BAKE_TEST_MINUTES) console.log(JSON.stringify({ intervalSeconds, short, long }));
        const ratio = longMinutes / shortMinutes;
        assert.ok(short.bakeChecks >= 1, `the short bake made ${short.bakeChecks} checks`);
        assert.ok(
          long.bakeChecks >= (ratio / 2) * short.bakeChecks,
          `the long bake made ${long.bakeChecks} checks, the short one ${short.bakeChecks}`,
        );
        // The old loop wrote about 11 events a check (thousands here). A few more or fewer events
        // either way come from the machine's load (a workflow task timed out and retried), not
        // from the bake: 20 is far below one event per extra check.
        assert.ok(
          Math.abs(long.events - short.events) <= 20,
          `the long bake wrote ${long.events} events, the short one ${short.events}`,
        );
        assert.match(
          long.detail ?? '',
          new RegExp(
            `^${long.bakeChecks} checks passed \\(${long.bakeChecks + verification.checks} counting the verification\\) until \\d\\d:\\d\\d:\\d\\d UTC$`,
          ),
        );
      });
    });
  });
});

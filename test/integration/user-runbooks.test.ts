import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AttachCertificateToDistributionCommand,
  AttachDiskCommand,
  CreateCertificateCommand,
  CreateDomainCommand,
  GetCertificatesCommand,
  GetDistributionsCommand,
  GetDomainCommand,
  CreateDiskCommand,
  GetDiskCommand,
  GetInstanceCommand,
  GetInstanceStateCommand,
  GetInstancesCommand,
  GetInstanceSnapshotsCommand,
  StopInstanceCommand,
} from '@aws-sdk/client-lightsail';
import { WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import { sha256Hex } from '../../src/runbooks/sha256';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import { createDistribution } from '../support/container-fixtures';
import { expectFailure } from '../support/failures';
import { uniqueName, waitUntil } from '../support/fixtures';
import { createTaggedInstances, exampleRunbook, startRunbook } from '../support/runbook-fixtures';
import { stackCliEnv, TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';
import { workerProcesses } from '../support/worker-process';

const testRunbook = (file: string) => readFileSync(join(__dirname, '..', 'runbooks', file), 'utf8');
const EventType = temporal.api.enums.v1.EventType;

const REGION = 'us-east-1';

describe('user runbooks (runRunbook) on the dev server and the emulator', function () {
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
    // The run pins the runbook it started with: its hash is in the memo and the progress.
    const sha256 = sha256Hex(exampleRunbook('patch-fleet.yaml'));
    assert.equal(result.sha256, sha256);
    assert.equal((await handle.describe()).memo?.runbookSha256, sha256);
    assert.equal(progress.facts.sha256, sha256.slice(0, 12));
    assert.deepEqual(
      progress.steps.map((s) => [s.id, s.state]),
      [
        ['fleet', 'succeeded'],
        ['patch', 'succeeded'],
      ],
    );
    assert.equal(progress.steps[1]?.detail, '2 of 2 item(s) done');
  });

  it('examples/runbooks/grow-disk.yaml swaps an attached disk for a bigger copy at the same path', async () => {
    const instance = uniqueName('grow');
    const disk = uniqueName('grow-data');
    await createTaggedInstances(stack.clients, REGION, [instance], { key: 'grow', value: 'yes' });
    const client = stack.clients.forRegion(REGION);
    await client.send(
      new CreateDiskCommand({ diskName: disk, availabilityZone: `${REGION}a`, sizeInGb: 32 }),
    );
    await waitUntil('the disk available', async () =>
      (await client.send(new GetDiskCommand({ diskName: disk }))).disk?.state === 'available'
        ? true
        : undefined,
    );
    await client.send(
      new AttachDiskCommand({ diskName: disk, instanceName: instance, diskPath: '/dev/xvdf' }),
    );
    await waitUntil('the disk attached', async () =>
      (await client.send(new GetDiskCommand({ diskName: disk }))).disk?.isAttached ? true : undefined,
    );
    const handle = await startRunbook(stack, exampleRunbook('grow-disk.yaml'), {
      instance,
      disk,
      sizeInGb: 64,
    });
    const result = await handle.result();
    const bigger = (await client.send(new GetDiskCommand({ diskName: result.outputs.newDisk as string })))
      .disk!;
    assert.equal(bigger.sizeInGb, 64);
    assert.equal(bigger.attachedTo, instance);
    assert.equal(bigger.path, '/dev/xvdf');
    assert.equal(bigger.tags?.find((t) => t.key === RUN_TAG_KEY)?.value, handle.workflowId);
    const old = (await client.send(new GetDiskCommand({ diskName: disk }))).disk!;
    assert.equal(old.isAttached, false, 'the old disk is kept, detached');
    const state = await client.send(new GetInstanceStateCommand({ instanceName: instance }));
    assert.equal(state.state?.name, 'running');
  });

  it('examples/runbooks/rotate-certificate.yaml validates a new certificate through Lightsail DNS, swaps it in and deletes the old one', async () => {
    const client = stack.clients.forRegion('us-east-1');
    const domain = `${uniqueName('rotate')}.example.com`;
    const origin = uniqueName('origin');
    const distribution = uniqueName('cdn');
    const old = uniqueName('old-cert');
    await client.send(new CreateDomainCommand({ domainName: domain }));
    await createTaggedInstances(stack.clients, 'us-east-1', [origin], { key: 'origin', value: 'yes' });
    await createDistribution(stack.clients, distribution, { name: origin, regionName: 'us-east-1' });
    await client.send(new CreateCertificateCommand({ certificateName: old, domainName: `www.${domain}` }));
    await waitUntil(
      'the old certificate issued',
      async () =>
        (
          await client.send(
            new GetCertificatesCommand({ certificateName: old, includeCertificateDetails: true }),
          )
        ).certificates?.[0]?.certificateDetail?.status === 'ISSUED' || undefined,
      30_000,
      100,
    );
    await client.send(
      new AttachCertificateToDistributionCommand({ distributionName: distribution, certificateName: old }),
    );

    const handle = await startRunbook(stack, exampleRunbook('rotate-certificate.yaml'), {
      distribution,
      domain,
      names: [`www.${domain}`],
    });
    const result = await handle.result();
    assert.equal(result.outputs.replaced, old);
    const now = (await client.send(new GetDistributionsCommand({ distributionName: distribution })))
      .distributions![0]!;
    assert.equal(now.certificateName, result.outputs.certificate);
    const left = (await client.send(new GetCertificatesCommand({}))).certificates ?? [];
    assert.ok(!left.some((c) => c.certificateName === old), 'the old certificate is deleted');
    const entries =
      (await client.send(new GetDomainCommand({ domainName: domain }))).domain?.domainEntries ?? [];
    assert.ok(
      entries.some((e) => e.type === 'CNAME'),
      'the validation entry is in the domain',
    );
  });

  it("a password passed to Lightsail is nowhere in the raw history, the progress or the emulator's audit", async () => {
    const password = `Pw-${randomUUID().slice(0, 12)}`;
    const handle = await startRunbook(stack, testRunbook('database-password.yaml'), {
      name: uniqueName('db'),
      password,
    });
    await handle.result();
    const { history } = await stack.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: handle.workflowId },
    });
    const raw = Buffer.from(temporal.api.history.v1.History.encode(history!).finish());
    assert.ok(raw.includes('binary/encrypted'), 'the payloads are encrypted');
    assert.ok(!raw.includes(password), 'the password is nowhere in the raw history');
    const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
    assert.ok(!JSON.stringify(progress).includes(password), 'nor in the progress');
    const audit = await stack.control.audit({ action: 'CreateRelationalDatabase' });
    assert.ok(!JSON.stringify(audit).includes(password), "nor in the emulator's audit");
  });

  /** The instances tagged `tag`, in the order GetInstances lists them (the order a forEach takes). */
  async function taggedInOrder(tag: { key: string; value: string }): Promise<string[]> {
    const out = await stack.clients.forRegion(REGION).send(new GetInstancesCommand({}));
    return (out.instances ?? [])
      .filter((i) => i.tags?.some((t) => t.key === tag.key && t.value === tag.value))
      .map((i) => i.name!);
  }

  it('a failure in the middle undoes what the run did, newest first, and nothing else', async () => {
    const tag = { key: 'env', value: uniqueName('prod') };
    await createTaggedInstances(
      stack.clients,
      REGION,
      [1, 2, 3].map(() => uniqueName('fleet')),
      tag,
    );
    const [first, second, third] = await taggedInOrder(tag);
    // The second instance answers 500: its check fails after its snapshot and reboot.
    await stack.control.setInstanceBehaviour({ region: REGION, instanceName: second!, httpStatus: 500 });
    try {
      const since = Date.now();
      const handle = await startRunbook(stack, exampleRunbook('patch-fleet.yaml'), { tagValue: tag.value });
      const failure = await expectFailure(handle.result());
      assert.equal(failure.type, 'ForEachItemFailed');
      assert.match(
        failure.message,
        new RegExp(`item 1 \\("${second}"\\) failed: check: GET .* answered 500`),
      );

      const calls = (await stack.control.audit()).filter((c) => Date.parse(c.time) >= since && !c.error);
      const touching = (name: string) =>
        calls.filter((c) => JSON.stringify(c.params).includes(name)).map((c) => c.action);
      const made = calls
        .filter((c) => c.action === 'CreateInstanceSnapshot')
        .map((c) => c.params.instanceSnapshotName as string);
      assert.equal(made.length, 2, 'the first two instances were snapshotted');
      const deleted = calls
        .filter((c) => c.action === 'DeleteInstanceSnapshot')
        .map((c) => c.params.instanceSnapshotName as string);
      assert.deepEqual(deleted, [...made].reverse(), 'both snapshots deleted, newest first');
      assert.ok(!touching(third!).some((a) => a !== 'GetInstances'), 'the third instance was never touched');
      assert.deepEqual(
        touching(first!).filter((a) => /^(Create|Reboot|Delete)/.test(a)),
        ['CreateInstanceSnapshot', 'RebootInstance', 'DeleteInstanceSnapshot'],
      );
      // Reboots have no undo: nothing but the snapshots was undone.
      assert.deepEqual(
        calls.filter((c) => /^(Delete|Release|Detach|Stop)/.test(c.action)).map((c) => c.action),
        ['DeleteInstanceSnapshot', 'DeleteInstanceSnapshot'],
      );
      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      assert.equal(progress.status, 'failed');
      assert.deepEqual(
        progress.resources.map((r) => [r.type, r.name, r.action]),
        [...made].reverse().map((name) => ['DeleteInstanceSnapshot', name, 'deleted']),
      );
    } finally {
      await stack.control.clearInstanceBehaviour({ region: REGION, instanceName: second! });
    }
  });

  it('a forEach over ten instances, three at a time, with one failing: nine done, the failed one undone', async () => {
    const tag = { key: 'ten', value: uniqueName('each') };
    const names = Array.from({ length: 10 }, () => uniqueName('each'));
    await createTaggedInstances(stack.clients, REGION, names, tag);
    const bad = names[6]!;
    await stack.control.setInstanceBehaviour({ region: REGION, instanceName: bad, httpStatus: 503 });
    try {
      const handle = await startRunbook(stack, testRunbook('ten-items.yaml'), { names });
      const result = await handle.result();
      assert.deepEqual(result.outputs, { failed: [bad], done: 9 });

      const snapshots = await snapshotsByName();
      const mine = [...snapshots].filter(([, run]) => run === handle.workflowId).map(([name]) => name);
      assert.equal(mine.length, 9, 'nine snapshots kept, each tagged with the run');
      assert.ok(
        !mine.some((name) => name.startsWith(`${bad}-each-`)),
        "the failed item's snapshot was undone",
      );

      // At most three items at a time: each item sleeps once, so its timer is open while it runs.
      const events = (await handle.fetchHistory()).events ?? [];
      let open = 0;
      let most = 0;
      for (const e of events) {
        if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) most = Math.max(most, ++open);
        if (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED) open--;
      }
      assert.equal(most, 3, `at most ${most} items slept at once`);
      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      assert.equal(progress.steps[0]?.detail, '9 of 10 item(s) done, 1 failed');
    } finally {
      await stack.control.clearInstanceBehaviour({ region: REGION, instanceName: bad });
    }
  });

  it('a waitFor of an hour writes the same history as a waitFor of a minute', async () => {
    const waitOf = async (emulatedSeconds: number) => {
      const instance = uniqueName('waited');
      await createTaggedInstances(stack.clients, REGION, [instance], { key: 'waited', value: 'yes' });
      const handle = await startRunbook(stack, testRunbook('wait-stopped.yaml'), { instance });
      // The emulator's clock runs TEST_TIME_SCALE times fast: an hour is six real seconds.
      await sleep((emulatedSeconds * 1000) / TEST_TIME_SCALE);
      await stack.clients.forRegion(REGION).send(new StopInstanceCommand({ instanceName: instance }));
      await handle.result();
      const polls = (await stack.control.audit({ action: 'GetInstanceState' })).filter(
        (c) => c.params.instanceName === instance,
      ).length;
      return { polls, events: (await handle.fetchHistory()).events!.length };
    };
    const [minute, hour] = await Promise.all([waitOf(60), waitOf(3600)]);
    assert.ok(
      hour.polls >= minute.polls + 5,
      `the hour polled ${hour.polls} times, the minute ${minute.polls}`,
    );
    // A retry of the check is no event: only a workflow task retried under load could differ.
    assert.ok(
      Math.abs(hour.events - minute.events) <= 3,
      `the hour wrote ${hour.events} events, the minute ${minute.events}`,
    );
  });

  it('a create whose answer was lost is retried and adopts what it made, proven by its run tag', async () => {
    const tag = { key: 'env', value: uniqueName('lost') };
    const instance = uniqueName('lost');
    await createTaggedInstances(stack.clients, REGION, [instance], tag);
    // The snapshot is made, then the answer is lost: the retry meets the name taken.
    await stack.control.setFaults([
      { actions: ['CreateInstanceSnapshot'], errors: ['ServiceException'], afterEffect: true, count: 1 },
    ]);
    const since = Date.now();
    const handle = await startRunbook(stack, exampleRunbook('patch-fleet.yaml'), { tagValue: tag.value });
    const result = await handle.result();
    assert.deepEqual(result.outputs.patched, [instance]);
    const creates = (await stack.control.audit({ action: 'CreateInstanceSnapshot' })).filter(
      (c) => Date.parse(c.time) >= since && c.params.instanceName === instance,
    );
    assert.deepEqual(
      creates.map((c) => c.error),
      ['ServiceException', 'InvalidInputException'],
    );
    const mine = [...(await snapshotsByName())].filter(([, run]) => run === handle.workflowId);
    assert.equal(mine.length, 1, 'one snapshot, adopted');
  });

  it('a waitFor whose next poll falls after its timeout fails with WaitForTimedOut at once', async () => {
    const instance = uniqueName('late-poll');
    await createTaggedInstances(stack.clients, REGION, [instance], { key: 'timeout', value: 'yes' });
    // The server ends such a wait with the check's own StillInProgress and retry state TIMEOUT,
    // not with a TimeoutFailure: the step must still say it timed out.
    const text = `runbook: t\nregion: us-east-1\nparameters:\n  instance: { type: string }\nsteps:\n  - id: never\n    waitFor: GetInstanceState\n    params: { instanceName: "\${{ params.instance }}" }\n    until: "state.name == 'stopped'"\n    timeout: 2s\n`;
    const slowPoll = { ...TEST_POLL, initialIntervalSeconds: 30, maximumIntervalSeconds: 30 };
    const started = Date.now();
    const waited = await startRunbook(stack, text, { instance }, { poll: slowPoll });
    const timedOut = await expectFailure(waited.result());
    assert.equal(timedOut.type, 'WaitForTimedOut');
    assert.ok(Date.now() - started < 20_000, 'ended without waiting for the next poll');
  });

  it('a waitFor that times out fails with WaitForTimedOut; a fail step fails the run with its message', async () => {
    const instance = uniqueName('timeout');
    await createTaggedInstances(stack.clients, REGION, [instance], { key: 'timeout', value: 'yes' });
    const text = (step: string) =>
      `runbook: t\nregion: us-east-1\nparameters:\n  instance: { type: string }\nsteps:\n${step}`;
    const waited = await startRunbook(
      stack,
      text(
        '  - id: never\n    waitFor: GetInstanceState\n    params: { instanceName: "${{ params.instance }}" }\n    until: "state.name == \'stopped\'"\n    timeout: 2s\n',
      ),
      { instance },
    );
    const timedOut = await expectFailure(waited.result());
    assert.equal(timedOut.type, 'WaitForTimedOut');
    assert.equal(
      timedOut.message,
      `waitFor never: "state.name == 'stopped'" was not true of GetInstanceState within 2s`,
    );
    const failed = await startRunbook(
      stack,
      text('  - id: stop\n    fail: "${{ params.instance }} is not ready"\n'),
      {
        instance,
      },
    );
    const failure = await expectFailure(failed.result());
    assert.equal(failure.type, 'RunbookFailStep');
    assert.equal(failure.message, `${instance} is not ready`);
  });

  it("two runs creating one name: one wins, and the loser undoes nothing of the winner's", async () => {
    const name = uniqueName('raced');
    const runs = await Promise.all(
      [0, 1].map(() => startRunbook(stack, testRunbook('make-one.yaml'), { name })),
    );
    const ends = await Promise.all(
      runs.map((r) =>
        r.result().then(
          () => 'won',
          (e: unknown) => e,
        ),
      ),
    );
    const winner = runs[ends.indexOf('won')];
    const loser = ends.find((e) => e !== 'won');
    assert.ok(winner, 'one run made the instance');
    assert.ok(loser instanceof WorkflowFailedError, `the other failed: ${String(loser)}`);
    const out = await stack.clients.forRegion(REGION).send(new GetInstanceCommand({ instanceName: name }));
    assert.equal(out.instance?.tags?.find((t) => t.key === RUN_TAG_KEY)?.value, winner.workflowId);
    const deletes = (await stack.control.audit({ action: 'DeleteInstance' })).filter(
      (c) => c.params.instanceName === name,
    );
    assert.deepEqual(deletes, [], 'nobody deleted the instance');
  });

  it('a worker SIGKILLed mid-runbook: another worker finishes it, each instance patched once', async function () {
    this.timeout(300_000);
    const workers = workerProcesses(stackCliEnv(stack), 'runbook-kill');
    const { taskQueue } = workers;
    const tag = { key: 'env', value: uniqueName('killed') };
    const names = [uniqueName('kill-a'), uniqueName('kill-b')];
    await createTaggedInstances(stack.clients, REGION, names, tag);
    // The first reboot answers 6 s late: long enough to kill the worker while it waits for it.
    await stack.control.setFaults([
      { actions: ['RebootInstance'], latencyMs: 6_000, count: 1, probability: 0 },
    ]);
    const first = await workers.start();
    const since = Date.now();
    const handle = await startRunbook(
      stack,
      exampleRunbook('patch-fleet.yaml'),
      { tagValue: tag.value },
      { taskQueue },
    );
    await waitUntil(
      'the first snapshot',
      async () =>
        (await stack.control.audit({ action: 'CreateInstanceSnapshot' })).some(
          (c) => Date.parse(c.time) >= since && names.includes(c.params.instanceName as string),
        ) || undefined,
      120_000,
      100,
    );
    await sleep(1_000);
    const second = await workers.replace(first);
    try {
      const result = await handle.result();
      assert.deepEqual([...(result.outputs.patched as string[])].sort(), [...names].sort());
      const snapshotCalls = (await stack.control.audit({ action: 'CreateInstanceSnapshot' })).filter(
        (c) => Date.parse(c.time) >= since && names.includes(c.params.instanceName as string),
      );
      assert.deepEqual(
        snapshotCalls.map((c) => [c.params.instanceName, c.error ?? 'ok']).sort(),
        names.map((n) => [n, 'ok']).sort(),
        'one snapshot an instance, none retried',
      );
    } finally {
      second.child.kill('SIGTERM');
      await second.done;
    }
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopySnapshotCommand,
  CreateInstanceSnapshotCommand,
  DeleteInstanceSnapshotCommand,
  GetInstancesCommand,
  GetInstanceSnapshotCommand,
  GetOperationCommand,
  LightsailClient,
  TagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS, SEEDED, startEmulator } from '../../src/emulator';
import { EmulatorControl } from '../../src/emulator/control-client';
import { StateFile } from '../../src/emulator/persistence';
import { sleep, useEmulator, waitFor } from './harness';

const east = SEEDED.region;
const west = SEEDED.otherRegion;

/** The control API under /_emulator/ through EmulatorControl: clock, reset, state, faults, audit. */
describe('Lightsail emulator: control API', () => {
  const h = useEmulator();

  it('throttles a region beyond its rate limit with ThrottlingException, leaves other regions alone, and lifts it', async () => {
    await h.control.setRateLimit(5);
    const calls = Array.from({ length: 12 }, () =>
      h
        .lightsail(east)
        .send(new GetInstancesCommand({}))
        .then(
          () => 'ok',
          (e: unknown) => (e as Error).name,
        ),
    );
    const outcomes = await Promise.all(calls);
    assert.ok(outcomes.filter((o) => o === 'ok').length <= 6, outcomes.join(','));
    assert.ok(outcomes.includes('ThrottlingException'), outcomes.join(','));
    await h.lightsail(west).send(new GetInstancesCommand({}));
    await sleep(1100); // a second refills the bucket
    await h.lightsail(east).send(new GetInstancesCommand({}));
    await h.control.setRateLimit(null);
    await Promise.all(Array.from({ length: 12 }, () => h.lightsail(east).send(new GetInstancesCommand({}))));
  });

  it('lets a burst of only `burst` calls through at once when the bucket is smaller than a second of the rate', async () => {
    await h.control.setRateLimit(50, 3);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        h
          .lightsail(east)
          .send(new GetInstancesCommand({}))
          .then(
            () => 'ok',
            (e: unknown) => (e as Error).name,
          ),
      ),
    );
    await h.control.setRateLimit(null);
    // Ten calls in flight together arrive within a few milliseconds: about 3, plus what refills meanwhile.
    const passed = outcomes.filter((o) => o === 'ok').length;
    assert.ok(passed >= 3 && passed < 10, outcomes.join(','));
    assert.ok(outcomes.includes('ThrottlingException'), outcomes.join(','));
  });

  it('speeds up work in flight when the time scale is raised', async () => {
    await h.control.setTimeScale(60); // a cross-region copy: 5 s
    await h.lightsail(west).send(
      new CopySnapshotCommand({
        sourceRegion: east,
        sourceSnapshotName: SEEDED.snapshot,
        targetSnapshotName: 'slow',
      }),
    );
    await h.control.setTimeScale(60_000); // what is left: about 5 ms
    assert.equal((await h.control.clock()).timeScale, 60_000);
    await sleep(50);
    const out = await h
      .lightsail(west)
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'slow' }));
    assert.equal(out.instanceSnapshot?.state, 'available');
  });

  it('empties every region on reset and dumps every store on state', async () => {
    const seeded = await h.control.state();
    assert.deepEqual(Object.keys(seeded[east]?.instances ?? {}).sort(), [
      SEEDED.migratedInstance,
      SEEDED.instance,
    ]);
    assert.deepEqual(Object.keys(seeded[west]?.instanceSnapshots ?? {}), [SEEDED.otherSnapshot]);
    assert.equal(Object.keys(seeded).length, 15);
    await h.control.reset({ seed: false });
    const empty = await h.control.state();
    assert.ok(Object.values(empty).every((store) => Object.keys(store.instances).length === 0));
    const instances = await h.lightsail(east).send(new GetInstancesCommand({}));
    assert.deepEqual(instances.instances, []);
  });

  it('answers bad control input 400 with a message naming the field', async () => {
    const refusals: [Promise<unknown>, RegExp][] = [
      [
        h.control.addAutoSnapshot({ region: 'nowhere-1', resourceName: SEEDED.instance, date: '2026-01-01' }),
        /region/,
      ],
      [h.control.addAutoSnapshot({ region: east, resourceName: SEEDED.instance, date: '1/1/2026' }), /date/],
      [
        h.control.addAutoSnapshot({ region: east, resourceName: 'ghost', date: '2026-01-01' }),
        /resourceName/,
      ],
      [
        h.control.addAutoSnapshot({ region: east, resourceName: SEEDED.disk, date: '2026-01-01' }),
        /resourceName: data-1 does not have the AutoSnapshot add-on/,
      ],
      [h.control.setFaults([{ probability: 2, errors: ['ThrottlingException'] }]), /rules\[0\]\.probability/],
      [h.control.setTimeScale(0), /timeScale/],
    ];
    for (const [call, message] of refusals) {
      await assert.rejects(call, (err: Error) => / 400 /.test(err.message) && message.test(err.message));
    }
  });

  it('delays matching calls by a rule latency, and never faults or audits the control API itself', async () => {
    await h.control.setFaults([
      { probability: 1, errors: ['ServiceException'], latencyMs: 120, regions: [west] },
    ]);
    await h.control.clearAudit();
    const started = Date.now();
    await assert.rejects(h.lightsail(west).send(new GetInstancesCommand({})), { name: 'ServiceException' });
    assert.ok(Date.now() - started >= 110, `took ${Date.now() - started} ms`);
    await h.lightsail(east).send(new GetInstancesCommand({}));
    await h.control.state(); // a rule with no action filter must not touch the control API
    const audit = await h.control.audit();
    assert.deepEqual(
      audit.map((a) => [a.region, a.action, a.status, a.error]),
      [
        [west, 'GetInstances', 500, 'ServiceException'],
        [east, 'GetInstances', 200, undefined],
      ],
    );
    assert.ok(audit[0]!.durationMs >= 110);
    assert.ok(audit[1]!.seq > audit[0]!.seq);
    assert.ok(!Number.isNaN(Date.parse(audit[0]!.time)));
    assert.deepEqual(
      (await h.control.audit({ region: east })).map((a) => a.region),
      [east],
    );
    await h.control.clearAudit();
    assert.deepEqual(await h.control.audit(), []);
  });

  it('spends an operationFailure rule only on a call that went through, not on one refused by validation', async () => {
    await h.control.setFaults([
      { actions: ['CopySnapshot'], operationFailure: { errorCode: 'E', errorDetails: 'd' }, count: 1 },
    ]);
    const copy = (name: string) =>
      h.lightsail(west).send(
        new CopySnapshotCommand({
          sourceRegion: east,
          sourceSnapshotName: SEEDED.snapshot,
          targetSnapshotName: name,
        }),
      );
    await assert.rejects(copy('-bad-'), { name: 'InvalidInputException' });
    const failed = await copy('first');
    const ok = await copy('second');
    const status = (id: string | undefined) =>
      waitFor(
        () => h.lightsail(west).send(new GetOperationCommand({ operationId: id })),
        (o) => o.operation?.isTerminal === true,
      );
    assert.equal((await status(failed.operations?.[1]?.id)).operation?.status, 'Failed');
    assert.equal((await status(ok.operations?.[1]?.id)).operation?.status, 'Succeeded');
    assert.deepEqual(await h.control.setFaults([]), []);
  });

  it('lets an afterEffect error rule make the call take effect and still answer the error, as a lost response', async () => {
    await h.control.setFaults([
      { actions: ['CreateInstanceSnapshot'], errors: ['ServiceException'], afterEffect: true, count: 1 },
    ]);
    await assert.rejects(
      h
        .lightsail(east)
        .send(
          new CreateInstanceSnapshotCommand({ instanceName: SEEDED.instance, instanceSnapshotName: 'lost' }),
        ),
      { name: 'ServiceException' },
    );
    const out = await h
      .lightsail(east)
      .send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'lost' }));
    assert.equal(out.instanceSnapshot?.name, 'lost');
    assert.deepEqual(await h.control.setFaults([]), []);
  });
});

describe('Lightsail emulator: startup options', () => {
  it('has each change in its state file before answering it, without waiting for close, and the state after a reset', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');
    const running = await startEmulator({ port: 0, timeScale: 3000, seed: true, stateFile });
    const client = new LightsailClient({
      region: east,
      endpoint: running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
    });
    // What a restart would read now: the snapshot and the journal after it.
    const saved = () => new StateFile(stateFile).load().state;
    try {
      await client.send(new DeleteInstanceSnapshotCommand({ instanceSnapshotName: SEEDED.snapshot }));
      assert.deepEqual(Object.keys(saved()[east]!.instanceSnapshots), []);
      await client.send(new TagResourceCommand({ resourceName: SEEDED.disk, tags: [{ key: 'k' }] }));
      assert.deepEqual(saved()[east]!.disks[SEEDED.disk]!.tags, [{ key: 'k' }]);
      await new EmulatorControl(running.url).reset({ seed: true });
      assert.deepEqual(Object.keys(saved()[east]!.instanceSnapshots), [SEEDED.snapshot]);
      assert.deepEqual(saved()[east]!.disks[SEEDED.disk]!.tags, []);
    } finally {
      client.destroy();
      await running.close();
    }
  });

  it('keeps a reloaded state rather than seeding again', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');
    const first = await startEmulator({ port: 0, seed: true, stateFile });
    await new EmulatorControl(first.url).reset({ seed: false });
    await first.close();
    const second = await startEmulator({ port: 0, seed: true, stateFile });
    try {
      const state = await new EmulatorControl(second.url).state();
      assert.deepEqual(state[east]?.instances, {});
    } finally {
      await second.close();
    }
  });

  it('reports one log line a call through the log option', async () => {
    const lines: string[] = [];
    const running = await startEmulator({ port: 0, log: (line) => lines.push(line) });
    const client = new LightsailClient({
      region: west,
      endpoint: running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
    });
    try {
      await client.send(new GetInstancesCommand({}));
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^eu-west-1 GetInstances 200 \d+ms$/);
    } finally {
      client.destroy();
      await running.close();
    }
  });
});

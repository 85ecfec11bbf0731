import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopySnapshotCommand,
  GetAutoSnapshotsCommand,
  GetInstanceCommand,
  GetInstanceSnapshotCommand,
  GetInstanceStateCommand,
  RebootInstanceCommand,
  StartInstanceCommand,
  StopInstanceCommand,
  GetInstancesCommand,
  GetOperationCommand,
  LightsailClient,
  NotFoundException,
  InvalidInputException,
  ServiceException,
  TagResourceCommand,
  type CopySnapshotCommandInput,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS, startEmulator, SEEDED, type RunningEmulator } from '../../src/emulator';
import { signedRequest } from '../support/signed-request';
import { EmulatorControl } from '../../src/emulator/control-client';

/** The emulator through the real SDK over HTTP, as the worker and any AWS tool use it. */
describe('Lightsail emulator', () => {
  let running: RunningEmulator;
  let control: EmulatorControl;
  const clients = new Map<string, LightsailClient>();
  const lightsail = (region: string) => {
    if (!clients.has(region)) {
      clients.set(
        region,
        new LightsailClient({
          region,
          endpoint: running.url,
          credentials: LOCAL_EMULATOR_CREDENTIALS,
          maxAttempts: 1,
        }),
      );
    }
    return clients.get(region)!;
  };
  const copy = (input: Partial<CopySnapshotCommandInput>, region = 'eu-west-1') =>
    lightsail(region).send(new CopySnapshotCommand(input as CopySnapshotCommandInput));

  before(async () => {
    running = await startEmulator({ port: 0, timeScale: 3000, seed: true });
    control = new EmulatorControl(running.url);
  });
  beforeEach(async () => {
    await control.reset({ seed: true });
    await control.setTimeScale(3000);
  });
  after(async () => {
    for (const c of clients.values()) c.destroy();
    await running.close();
  });

  it('keeps a store per region, chosen by the signature credential scope', async () => {
    const east = await lightsail('us-east-1').send(new GetInstancesCommand({}));
    const west = await lightsail('eu-west-1').send(new GetInstancesCommand({}));
    assert.deepEqual(east.instances?.map((i) => i.name).sort(), [SEEDED.migratedInstance, SEEDED.instance]);
    assert.deepEqual(
      west.instances?.map((i) => i.name),
      [SEEDED.otherInstance],
    );
    assert.equal(east.instances?.[0]?.location?.regionName, 'us-east-1');
    assert.ok(
      east.instances?.[0]?.createdAt instanceof Date,
      'timestamps travel as epoch seconds the SDK parses',
    );
  });

  it('answers errors with __type, so the SDK raises the typed exception with the message', async () => {
    await assert.rejects(
      lightsail('us-east-1').send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'nope' })),
      (err: unknown) =>
        err instanceof NotFoundException && /nope/.test(err.message) && err.$metadata.httpStatusCode === 400,
    );
  });

  it('copies a manual snapshot across regions with two operations, each readable in its own region, moving Started to Succeeded', async () => {
    const out = await copy({
      sourceRegion: 'us-east-1',
      sourceSnapshotName: SEEDED.snapshot,
      targetSnapshotName: 'dr-copy',
    });
    const ops = out.operations ?? [];
    assert.deepEqual(
      ops.map((o) => [o.location?.regionName, o.status]),
      [
        ['us-east-1', 'Started'],
        ['eu-west-1', 'Started'],
      ],
    );
    const pending = await lightsail('eu-west-1').send(
      new GetInstanceSnapshotCommand({ instanceSnapshotName: 'dr-copy' }),
    );
    assert.equal(pending.instanceSnapshot?.state, 'pending');
    await new Promise((r) => setTimeout(r, 200)); // 300 s on AWS, 0.1 s at this time scale
    for (const op of ops) {
      const read = await lightsail(op.location!.regionName!).send(
        new GetOperationCommand({ operationId: op.id }),
      );
      assert.equal(read.operation?.status, 'Succeeded');
    }
    const done = await lightsail('eu-west-1').send(
      new GetInstanceSnapshotCommand({ instanceSnapshotName: 'dr-copy' }),
    );
    assert.equal(done.instanceSnapshot?.state, 'available');
    assert.equal(done.instanceSnapshot?.fromInstanceName, SEEDED.instance);
  });

  it('copies the latest automatic snapshot, or one by date, as a manual snapshot', async () => {
    const autos = await lightsail('us-east-1').send(
      new GetAutoSnapshotsCommand({ resourceName: SEEDED.instance }),
    );
    assert.equal(autos.autoSnapshots?.length, 3);
    const newest = autos.autoSnapshots?.[0]?.date ?? assert.fail('no automatic snapshot');
    await copy({
      sourceRegion: 'us-east-1',
      sourceResourceName: SEEDED.instance,
      useLatestRestorableAutoSnapshot: true,
      targetSnapshotName: 'latest',
    });
    await copy({
      sourceRegion: 'us-east-1',
      sourceResourceName: SEEDED.instance,
      restoreDate: newest,
      targetSnapshotName: 'by-date',
    });
    await assert.rejects(
      copy({
        sourceRegion: 'us-east-1',
        sourceResourceName: SEEDED.instance,
        restoreDate: '2001-01-01',
        targetSnapshotName: 'old',
      }),
      NotFoundException,
    );
  });

  const invalidCopies: [string, Partial<CopySnapshotCommandInput>, RegExp][] = [
    [
      'both source names',
      { sourceSnapshotName: 'a', sourceResourceName: 'b', targetSnapshotName: 'target' },
      /either sourceSnapshotName/,
    ],
    ['neither source name', { targetSnapshotName: 'target' }, /either sourceSnapshotName/],
    [
      'restoreDate with a manual source',
      { sourceSnapshotName: SEEDED.snapshot, restoreDate: '2026-01-01', targetSnapshotName: 'target' },
      /only when copying an automatic/,
    ],
    [
      'both restoreDate and latest',
      {
        sourceResourceName: SEEDED.instance,
        restoreDate: '2026-01-01',
        useLatestRestorableAutoSnapshot: true,
        targetSnapshotName: 'target',
      },
      /mutually exclusive/,
    ],
    [
      'neither restoreDate nor latest',
      { sourceResourceName: SEEDED.instance, targetSnapshotName: 'target' },
      /mutually exclusive/,
    ],
    [
      'a malformed restoreDate',
      { sourceResourceName: SEEDED.instance, restoreDate: '01/01/2026', targetSnapshotName: 'target' },
      /YYYY-MM-DD/,
    ],
    [
      'a bad target name',
      { sourceSnapshotName: SEEDED.snapshot, targetSnapshotName: '-bad-' },
      /targetSnapshotName/,
    ],
  ];
  for (const [what, input, message] of invalidCopies) {
    it(`refuses a CopySnapshot with ${what} as InvalidInputException`, async () => {
      await assert.rejects(copy({ sourceRegion: 'us-east-1', ...input }), (err: unknown) => {
        assert.ok(err instanceof InvalidInputException, String(err));
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it('refuses a target name already in use and a missing source', async () => {
    await assert.rejects(
      copy({
        sourceRegion: 'us-east-1',
        sourceSnapshotName: SEEDED.snapshot,
        targetSnapshotName: SEEDED.otherSnapshot,
      }),
      (err: unknown) => err instanceof InvalidInputException && /already in use/.test(err.message),
    );
    await assert.rejects(
      copy({ sourceRegion: 'us-east-1', sourceSnapshotName: 'missing', targetSnapshotName: 'target' }),
      (err: unknown) => err instanceof NotFoundException && /missing/.test(err.message),
    );
  });

  it('stops and starts an instance through stopping, stopped, pending and running, refusing actions in the wrong state', async () => {
    const client = lightsail('us-east-1');
    const state = async () =>
      (await client.send(new GetInstanceStateCommand({ instanceName: SEEDED.instance }))).state;
    assert.deepEqual(await state(), { code: 16, name: 'running' });
    await assert.rejects(client.send(new StartInstanceCommand({ instanceName: SEEDED.instance })), {
      name: 'InvalidInputException',
      message: /while it is running; it must be stopped/,
    });
    await control.setTimeScale(300); // stopping lasts 30 s on AWS: 0.1 s here
    await client.send(new StopInstanceCommand({ instanceName: SEEDED.instance }));
    assert.equal((await state())?.name, 'stopping');
    await assert.rejects(client.send(new RebootInstanceCommand({ instanceName: SEEDED.instance })), {
      name: 'InvalidInputException',
    });
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(await state(), { code: 80, name: 'stopped' });
    await client.send(new StartInstanceCommand({ instanceName: SEEDED.instance }));
    assert.equal((await state())?.name, 'pending');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await state())?.name, 'running');
    const instance = await client.send(new GetInstanceCommand({ instanceName: SEEDED.instance }));
    assert.equal(instance.instance?.state?.name, 'running');
  });

  it('tags resources and shows the tags on reads', async () => {
    await lightsail('us-east-1').send(
      new TagResourceCommand({ resourceName: SEEDED.snapshot, tags: [{ key: 'team', value: 'ops' }] }),
    );
    const out = await lightsail('us-east-1').send(
      new GetInstanceSnapshotCommand({ instanceSnapshotName: SEEDED.snapshot }),
    );
    assert.deepEqual(out.instanceSnapshot?.tags, [{ key: 'team', value: 'ops' }]);
  });

  it('throttles or fails calls by fault rule and records every call in the audit', async () => {
    await control.setFaults([
      { probability: 1, errors: ['ThrottlingException'], actions: ['GetInstances'], count: 1 },
    ]);
    // Lightsail's model has no ThrottlingException class: the SDK raises its base class with the name.
    await assert.rejects(lightsail('us-east-1').send(new GetInstancesCommand({})), {
      name: 'ThrottlingException',
    });
    await lightsail('us-east-1').send(new GetInstancesCommand({})); // count 1: the rule is spent
    await control.setFaults([{ errors: ['ServiceException'], regions: ['eu-west-1'] }]);
    await assert.rejects(lightsail('eu-west-1').send(new GetInstancesCommand({})), (err: unknown) => {
      return err instanceof ServiceException && err.$metadata.httpStatusCode === 500;
    });
    await lightsail('us-east-1').send(new GetInstancesCommand({}));
    const audit = await control.audit({ action: 'GetInstances' });
    assert.deepEqual(
      audit.map((a) => [a.region, a.error ?? 'ok']),
      [
        ['us-east-1', 'ThrottlingException'],
        ['us-east-1', 'ok'],
        ['eu-west-1', 'ServiceException'],
        ['us-east-1', 'ok'],
      ],
    );
  });

  it('throttles about the given share of calls', async () => {
    await control.setFaults([{ probability: 0.3, errors: ['ThrottlingException'] }]);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => lightsail('us-east-1').send(new GetInstancesCommand({}))),
    );
    const throttled = results.filter((r) => r.status === 'rejected').length;
    assert.ok(throttled > 30 && throttled < 90, `throttled ${throttled} of 200`);
  });

  it('fails the operation of a call when an operationFailure rule says so, and the copy ends in error', async () => {
    await control.setFaults([
      {
        actions: ['CopySnapshot'],
        operationFailure: { errorCode: 'InternalError', errorDetails: 'disk unreadable' },
        count: 1,
      },
    ]);
    const out = await copy({
      sourceRegion: 'us-east-1',
      sourceSnapshotName: SEEDED.snapshot,
      targetSnapshotName: 'doomed',
    });
    await new Promise((r) => setTimeout(r, 200));
    const op = await lightsail('eu-west-1').send(
      new GetOperationCommand({ operationId: out.operations![1]!.id }),
    );
    assert.deepEqual(
      [op.operation?.status, op.operation?.errorCode, op.operation?.errorDetails],
      ['Failed', 'InternalError', 'disk unreadable'],
    );
    const snap = await lightsail('eu-west-1').send(
      new GetInstanceSnapshotCommand({ instanceSnapshotName: 'doomed' }),
    );
    assert.equal(snap.instanceSnapshot?.state, 'error');
    assert.deepEqual(await control.setFaults([]), []);
  });

  it('redacts secret-looking parameters in the audit', async () => {
    const res = await signedRequest(running.url, {
      region: 'us-east-1',
      action: 'GetInstances',
      body: JSON.stringify({ pageToken: 'p', masterUserPassword: 'hunter2' }),
      credentials: LOCAL_EMULATOR_CREDENTIALS,
    });
    // The made-up pageToken is refused; the audit keeps refused calls too, redacted alike.
    assert.equal(res.status, 400);
    const [entry] = await control.audit({ action: 'GetInstances' });
    assert.equal(entry?.params.masterUserPassword, '***');
    assert.equal(entry?.params.pageToken, 'p');
  });

  it('refuses an unknown access key with UnrecognizedClientException and a wrong secret with InvalidSignatureException', async () => {
    const stranger = new LightsailClient({
      region: 'us-east-1',
      endpoint: running.url,
      credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const wrongSecret = new LightsailClient({
      region: 'us-east-1',
      endpoint: running.url,
      credentials: { accessKeyId: LOCAL_EMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    try {
      await assert.rejects(stranger.send(new GetInstancesCommand({})), {
        name: 'UnrecognizedClientException',
        message: /security token included in the request is invalid/,
      });
      await assert.rejects(wrongSecret.send(new GetInstancesCommand({})), {
        name: 'InvalidSignatureException',
        message: /signature we calculated does not match/,
      });
    } finally {
      stranger.destroy();
      wrongSecret.destroy();
    }
  });

  it('refuses a body changed after signing, and a signature older than 15 minutes', async () => {
    const tampered = await signedRequest(running.url, {
      region: 'us-east-1',
      action: 'DeleteInstance',
      body: JSON.stringify({ instanceName: 'nothing' }),
      sendBody: JSON.stringify({ instanceName: SEEDED.instance }),
      credentials: LOCAL_EMULATOR_CREDENTIALS,
    });
    assert.equal(tampered.status, 400);
    assert.equal(((await tampered.json()) as { __type: string }).__type, 'InvalidSignatureException');
    const stale = await signedRequest(running.url, {
      region: 'us-east-1',
      action: 'GetInstances',
      body: '{}',
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      signingDate: new Date(Date.now() - 16 * 60_000),
    });
    const error = (await stale.json()) as { __type: string; message: string };
    assert.deepEqual([stale.status, error.__type], [400, 'InvalidSignatureException']);
    assert.match(error.message, /Signature expired/);
    const instances = await lightsail('us-east-1').send(new GetInstancesCommand({}));
    assert.deepEqual(
      instances.instances?.map((i) => i.name).sort(),
      [SEEDED.migratedInstance, SEEDED.instance],
      'the tampered delete did nothing',
    );
  });

  it('refuses an unsigned request and answers 400 with a message naming the field on a bad control body', async () => {
    const unsigned = await fetch(running.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'Lightsail_20161128.GetInstances' },
      body: '{}',
    });
    assert.equal(unsigned.status, 400);
    assert.equal(
      ((await unsigned.json()) as { __type: string }).__type,
      'MissingAuthenticationTokenException',
    );
    const bad = await fetch(`${running.url}/_emulator/clock`, {
      method: 'PUT',
      body: JSON.stringify({ timeScale: -1 }),
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /timeScale/);
  });

  it('keeps its state in a file across a restart, operations still moving on the clock', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');
    const first = await startEmulator({ port: 0, timeScale: 3000, seed: true, stateFile });
    const client = (url: string) =>
      new LightsailClient({
        region: 'eu-west-1',
        endpoint: url,
        credentials: LOCAL_EMULATOR_CREDENTIALS,
      });
    const c1 = client(first.url);
    await c1.send(
      new CopySnapshotCommand({
        sourceRegion: 'us-east-1',
        sourceSnapshotName: SEEDED.snapshot,
        targetSnapshotName: 'kept',
      }),
    );
    c1.destroy();
    await first.close();

    const second = await startEmulator({ port: 0, timeScale: 3000, seed: true, stateFile });
    const c2 = client(second.url);
    try {
      await new Promise((r) => setTimeout(r, 200));
      const out = await c2.send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'kept' }));
      assert.equal(out.instanceSnapshot?.state, 'available');
    } finally {
      c2.destroy();
      await second.close();
    }
  });
});

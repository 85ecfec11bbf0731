import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateInstancesCommand,
  GetInstanceCommand,
  GetInstancesCommand,
  LightsailClient,
  TagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS } from '../../src/emulator';
import { EmulatorControl } from '../../src/emulator/control-client';
import { spawnEmulator, type EmulatorProcess } from '../support/emulator-process';

/**
 * The emulator as its own process (`lightsail-flows emulator --state-file`), killed and started
 * again from the same state file: what it answered must still be there, audit included.
 */
describe('Lightsail emulator: state across a killed or restarted process', () => {
  const started: EmulatorProcess[] = [];
  const clients: LightsailClient[] = [];
  const start = async (stateFile: string) => {
    const emulator = await spawnEmulator({ stateFile, timeScale: 3000 });
    started.push(emulator);
    return emulator;
  };
  const lightsail = (url: string) => {
    const client = new LightsailClient({
      region: 'us-east-1',
      endpoint: url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  };
  const newStateFile = () => join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const emulator of started.splice(0)) await emulator.stop('SIGKILL');
  });

  it('keeps a create answered 200, and its audit entry, when the process is killed (SIGKILL) right after the answer', async () => {
    const stateFile = newStateFile();
    const first = await start(stateFile);
    const created = await lightsail(first.url).send(
      new CreateInstancesCommand({
        instanceNames: ['kept-1'],
        availabilityZone: 'us-east-1a',
        blueprintId: 'ubuntu_22_04',
        bundleId: 'nano_3_0',
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 200);
    await first.stop('SIGKILL');

    const second = await start(stateFile);
    const out = await lightsail(second.url).send(new GetInstanceCommand({ instanceName: 'kept-1' }));
    assert.equal(out.instance?.name, 'kept-1');
    const creates = await new EmulatorControl(second.url).audit({ action: 'CreateInstances' });
    assert.deepEqual(
      creates.map((e) => [e.status, e.params.instanceNames]),
      [[200, ['kept-1']]],
    );
  });

  it('keeps every call of a burst answered before the kill, changes to existing records included', async () => {
    const stateFile = newStateFile();
    const first = await start(stateFile);
    const client = lightsail(first.url);
    const names = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
    await Promise.all(
      names.map((name) =>
        client.send(
          new CreateInstancesCommand({
            instanceNames: [name],
            availabilityZone: 'us-east-1a',
            blueprintId: 'ubuntu_22_04',
            bundleId: 'nano_3_0',
          }),
        ),
      ),
    );
    await Promise.all(
      names.map((name) =>
        client.send(new TagResourceCommand({ resourceName: name, tags: [{ key: 'owner', value: name }] })),
      ),
    );
    await first.stop('SIGKILL');

    const second = await start(stateFile);
    const { instances } = await lightsail(second.url).send(new GetInstancesCommand({}));
    assert.deepEqual(
      instances!.map((i) => [i.name, i.tags]).sort(),
      names.map((name) => [name, [{ key: 'owner', value: name }]]).sort(),
    );
    assert.equal((await new EmulatorControl(second.url).audit()).length, 40 + 1);
  });

  it('keeps the whole audit, and its numbering, across a normal restart (SIGTERM)', async () => {
    const stateFile = newStateFile();
    const first = await start(stateFile);
    const client = lightsail(first.url);
    for (let i = 0; i < 30; i++) await client.send(new GetInstancesCommand({}));
    const before = await new EmulatorControl(first.url).audit();
    assert.equal(before.length, 30);
    await first.stop('SIGTERM');

    const second = await start(stateFile);
    await lightsail(second.url).send(new GetInstancesCommand({}));
    const after = await new EmulatorControl(second.url).audit();
    assert.deepEqual(after.slice(0, 30), before);
    assert.equal(after.length, 31);
    assert.equal(after[30]!.seq, before[29]!.seq + 1);
  });
});

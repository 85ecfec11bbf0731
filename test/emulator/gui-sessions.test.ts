import { strict as assert } from 'node:assert';
import {
  CreateGUISessionAccessDetailsCommand,
  CreateInstancesCommand,
  GetInstanceCommand,
  InvalidInputException,
  NotFoundException,
  StartGUISessionCommand,
  StopGUISessionCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

/** GUI sessions of Lightsail for Research virtual computers, through the real SDK. */
describe('Lightsail emulator: GUI sessions', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);
  const details = (resourceName = 'lab-1') =>
    client().send(new CreateGUISessionAccessDetailsCommand({ resourceName }));

  beforeEach(async () => {
    await client().send(
      new CreateInstancesCommand({
        instanceNames: ['lab-1'],
        availabilityZone: `${SEEDED.region}a`,
        blueprintId: 'lfr_jupyterlab',
        bundleId: 'app_standard_xl_1_0',
      }),
    );
    await waitFor(
      async () => (await client().send(new GetInstanceCommand({ instanceName: 'lab-1' }))).instance,
      (i) => i?.state?.name === 'running',
    );
  });

  it('starts a session: notStarted, starting with its progress, then started with two URLs', async () => {
    await h.control.setTimeScale(120);
    const before = await details();
    assertMatchesReference('CreateGUISessionAccessDetails', before);
    assert.deepEqual([before.status, before.sessions], ['notStarted', []]);
    const started = await client().send(new StartGUISessionCommand({ resourceName: 'lab-1' }));
    assertMatchesReference('StartGUISession', started);
    assert.equal(started.operations?.[0]?.operationType, 'StartGUISession');
    const starting = await details();
    assert.equal(starting.status, 'starting');
    assert.ok(starting.percentageComplete! < 100);
    const ready = await waitFor(details, (d) => d.status === 'started');
    assertMatchesReference('CreateGUISessionAccessDetails', ready);
    assert.deepEqual(
      ready.sessions?.map((s) => s.isPrimary),
      [true, false],
    );
    assert.match(ready.sessions[0]!.url!, /^https:\/\/[\d.]+:8443\/\?authToken=/);
    // Each call makes new URLs: they are not stored.
    assert.notEqual((await details()).sessions![0]!.url, ready.sessions[0]!.url);
  });

  it('stops a started session: stopping, then stopped; refuses to stop one not started', async () => {
    await rejectsWith(
      client().send(new StopGUISessionCommand({ resourceName: 'lab-1' })),
      InvalidInputException,
      /not started/,
    );
    await client().send(new StartGUISessionCommand({ resourceName: 'lab-1' }));
    await waitFor(details, (d) => d.status === 'started');
    const stopped = await client().send(new StopGUISessionCommand({ resourceName: 'lab-1' }));
    assertMatchesReference('StopGUISession', stopped);
    await waitFor(details, (d) => d.status === 'stopped');
  });

  it('refuses an instance that is not a Lightsail for Research virtual computer, and an unknown one', async () => {
    await rejectsWith(details(SEEDED.instance), InvalidInputException, /Lightsail for Research/);
    await rejectsWith(
      client().send(new StartGUISessionCommand({ resourceName: 'ghost' })),
      NotFoundException,
      /ghost/,
    );
  });
});

import assert from 'node:assert/strict';
import { CreateKeyPairCommand, GetBundlesCommand, GetInstanceCommand } from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS } from '../../src/config';
import { LightsailClients } from '../../src/lightsail/clients';
import { READ_ATTEMPTS } from '../../src/lightsail/read-retries';
import { useEmulator } from '../emulator/harness';

const REGION = 'us-east-1';

describe('LightsailClients: reads asked again within the call, writes once', () => {
  const emulator = useEmulator();
  let clients: LightsailClients;
  beforeEach(async () => {
    clients = new LightsailClients({
      endpoint: emulator.running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      sdkMaxAttempts: 1,
    });
    await emulator.control.clearAudit();
  });
  afterEach(async () => {
    clients.destroy();
    await emulator.control.clearFaults();
  });

  const calls = async (action: string) => (await emulator.control.audit({ action })).length;

  it('answers a read throttled twice and served the third time, in three calls', async () => {
    await emulator.control.setFaults([
      { actions: ['GetBundles'], errors: ['ThrottlingException'], count: READ_ATTEMPTS - 1 },
    ]);
    const out = await clients.forRegion(REGION).send(new GetBundlesCommand({}));
    assert.ok((out.bundles ?? []).length > 0);
    assert.equal(await calls('GetBundles'), READ_ATTEMPTS);
  });

  it('gives up on a read after its attempts, passing the error on to the activity', async () => {
    await emulator.control.setFaults([{ actions: ['GetBundles'], errors: ['ServiceException'] }]);
    await assert.rejects(clients.forRegion(REGION).send(new GetBundlesCommand({})), {
      name: 'ServiceException',
    });
    assert.equal(await calls('GetBundles'), READ_ATTEMPTS);
  });

  it('does not ask again for a read refused for good (NotFound)', async () => {
    await assert.rejects(
      clients.forRegion(REGION).send(new GetInstanceCommand({ instanceName: 'no-such-instance' })),
      { name: 'NotFoundException' },
    );
    assert.equal(await calls('GetInstance'), 1);
  });

  it('sends a throttled write once: its retries are the activity’s, in the history', async () => {
    await emulator.control.setFaults([
      { actions: ['CreateKeyPair'], errors: ['ThrottlingException'], count: 1 },
    ]);
    await assert.rejects(
      clients.forRegion(REGION).send(new CreateKeyPairCommand({ keyPairName: 'read-retries-write' })),
      { name: 'ThrottlingException' },
    );
    assert.equal(await calls('CreateKeyPair'), 1);
  });
});

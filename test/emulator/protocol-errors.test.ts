import { strict as assert } from 'node:assert';
import {
  CreateInstancesCommand,
  GetInstanceCommand,
  GetInstancesCommand,
  LightsailClient,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS, SEEDED } from '../../src/emulator';
import { signedRequest } from '../support/signed-request';
import { useEmulator } from './harness';
import { rejectsAsSerialization } from './network-helpers';

/**
 * The errors of AWS's JSON protocol front end, before Lightsail sees a call: a member of the
 * wrong type, an unknown action, a body too large, a signature outside the clock window.
 * Through the real SDK where it can send the request, as raw signed HTTP otherwise.
 */
describe('Lightsail emulator: protocol errors', () => {
  const h = useEmulator();
  const raw = (action: string, body: string, signingDate?: Date) =>
    signedRequest(h.running.url, {
      region: SEEDED.region,
      action,
      body,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      signingDate,
    });

  it('keeps an idle connection open for a minute, so a client reusing it after a pause is not reset', async () => {
    const answer = await fetch(`${h.running.url}/`, { method: 'POST', body: '{}' });
    await answer.arrayBuffer();
    const keepAlive = /timeout=(\d+)/.exec(answer.headers.get('keep-alive') ?? '');
    assert.ok(keepAlive, `a Keep-Alive header with a timeout: ${answer.headers.get('keep-alive')}`);
    assert.ok(Number(keepAlive[1]) >= 60, `idle connections kept ${keepAlive[1]} s`);
  });

  it('answers a member of the wrong type SerializationException, at any depth, before Lightsail validates', async () => {
    const client = h.lightsail(SEEDED.region);
    await rejectsAsSerialization(
      client.send(new GetInstanceCommand({ instanceName: ['web-1'] as never })),
      /instanceName: START_ARRAY can not be converted to String/,
    );
    await rejectsAsSerialization(
      client.send(
        new CreateInstancesCommand({
          instanceNames: ['typed-1'],
          availabilityZone: `${SEEDED.region}a`,
          blueprintId: 'ubuntu_24_04',
          bundleId: 'nano_3_0',
          tags: [{ key: 7 as never }],
        }),
      ),
      /tags\[0\]\.key: VALUE_NUMBER/,
    );
    const instances = await client.send(new GetInstancesCommand({}));
    assert.ok(!instances.instances?.some((i) => i.name === 'typed-1'), 'the refused call created nothing');
  });

  it("answers SerializationException in the awsJson1_1 shape of AWS's front end", async () => {
    const res = await raw('GetInstance', JSON.stringify({ instanceName: 5 }));
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.deepEqual(await res.json(), {
      __type: 'com.amazon.coral.service#SerializationException',
      Message: 'Cannot deserialize instanceName: VALUE_NUMBER can not be converted to String.',
    });
  });

  it('answers an unknown action UnknownOperationException', async () => {
    const res = await raw('LaunchRocket', '{}');
    assert.equal(res.status, 400);
    const body = (await res.json()) as { __type: string; Message: string };
    assert.equal(body.__type, 'com.amazon.coral.service#UnknownOperationException');
    assert.match(body.Message, /LaunchRocket is not a Lightsail action/);
  });

  it('answers a body over 5 MB 413, and one just under it normally', async () => {
    const big = JSON.stringify({ instanceName: 'x'.repeat(5 * 1024 * 1024) });
    const refused = await raw('GetInstance', big);
    assert.equal(refused.status, 413);
    assert.match(((await refused.json()) as { Message: string }).Message, /Request Entity Too Large/);
    const fits = await raw(
      'GetInstance',
      JSON.stringify({ instanceName: 'x'.repeat(5 * 1024 * 1024 - 100) }),
    );
    assert.equal(fits.status, 400, 'a body within the limit reaches Lightsail, which refuses the name');
  });

  it('says "Signature not yet current" for a signature dated in the future, through the SDK', async () => {
    const ahead = new LightsailClient({
      region: SEEDED.region,
      endpoint: h.running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      maxAttempts: 1,
      // The SDK signs with its clock plus this offset: 16 minutes ahead of the emulator's.
      systemClockOffset: 16 * 60_000,
    });
    try {
      await assert.rejects(ahead.send(new GetInstancesCommand({})), (err: Error) => {
        assert.equal(err.name, 'InvalidSignatureException');
        assert.match(
          err.message,
          /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
        );
        return true;
      });
    } finally {
      ahead.destroy();
    }
  });

  it('says "Signature expired" for one older than 15 minutes, naming the limit it passed', async () => {
    const res = await raw('GetInstances', '{}', new Date(Date.now() - 16 * 60_000));
    assert.equal(res.status, 400);
    const body = (await res.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'InvalidSignatureException');
    assert.match(
      body.message,
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });
});

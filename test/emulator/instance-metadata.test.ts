import { strict as assert } from 'node:assert';
import {
  CreateInstancesCommand,
  GetInstanceCommand,
  InvalidInputException,
  NotFoundException,
  StopInstanceCommand,
  UpdateInstanceMetadataOptionsCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

/** UpdateInstanceMetadataOptions and the instance's metadataOptions, through the real SDK. */
describe('Lightsail emulator: instance metadata options', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);
  const options = async (instanceName = SEEDED.instance) =>
    (await client().send(new GetInstanceCommand({ instanceName }))).instance?.metadataOptions;

  it("a new instance shows EC2's defaults, applied", async () => {
    await client().send(
      new CreateInstancesCommand({
        instanceNames: ['meta-fresh'],
        availabilityZone: `${SEEDED.region}a`,
        blueprintId: 'amazon_linux_2023',
        bundleId: 'nano_3_0',
      }),
    );
    const answer = await client().send(new GetInstanceCommand({ instanceName: 'meta-fresh' }));
    assertMatchesReference('GetInstance', answer);
    const instance = answer.instance;
    assert.deepEqual(instance?.metadataOptions, {
      state: 'applied',
      httpTokens: 'optional',
      httpEndpoint: 'enabled',
      httpPutResponseHopLimit: 1,
      httpProtocolIpv6: 'disabled',
    });
  });

  it('changes a running instance: pending with the new settings, then applied, with an operation', async () => {
    // 30 AWS seconds take 500 ms at this scale: long enough to see the pending state.
    await h.control.setTimeScale(60);
    const answer = await client().send(
      new UpdateInstanceMetadataOptionsCommand({
        instanceName: SEEDED.instance,
        httpTokens: 'required',
        httpPutResponseHopLimit: 2,
      }),
    );
    assertMatchesReference('UpdateInstanceMetadataOptions', answer);
    assert.equal(answer.operation?.operationType, 'UpdateInstanceMetadataOptions');
    assert.equal(answer.operation?.resourceName, SEEDED.instance);
    assert.equal(answer.operation?.status, 'Started');
    assert.deepEqual(await options(), {
      state: 'pending',
      httpTokens: 'required',
      httpEndpoint: 'enabled',
      httpPutResponseHopLimit: 2,
      httpProtocolIpv6: 'disabled',
    });
    const applied = await waitFor(options, (o) => o?.state === 'applied');
    assert.equal(applied?.httpTokens, 'required');
  });

  it('keeps the settings not named, except httpTokens, which the model says defaults to optional', async () => {
    await client().send(
      new UpdateInstanceMetadataOptionsCommand({
        instanceName: SEEDED.instance,
        httpTokens: 'required',
        httpEndpoint: 'disabled',
        httpPutResponseHopLimit: 3,
      }),
    );
    await client().send(
      new UpdateInstanceMetadataOptionsCommand({ instanceName: SEEDED.instance, httpPutResponseHopLimit: 4 }),
    );
    const after = await waitFor(options, (o) => o?.state === 'applied');
    assert.equal(after?.httpTokens, 'optional');
    assert.equal(after?.httpEndpoint, 'disabled');
    assert.equal(after?.httpPutResponseHopLimit, 4);
  });

  it('applies at once on a stopped instance', async () => {
    await client().send(new StopInstanceCommand({ instanceName: SEEDED.instance }));
    await waitFor(
      async () => (await client().send(new GetInstanceCommand({ instanceName: SEEDED.instance }))).instance,
      (i) => i?.state?.name === 'stopped',
    );
    await h.control.setTimeScale(1);
    const answer = await client().send(
      new UpdateInstanceMetadataOptionsCommand({ instanceName: SEEDED.instance, httpTokens: 'required' }),
    );
    assert.equal(answer.operation?.status, 'Succeeded');
    assert.equal((await options())?.state, 'applied');
  });

  it('refuses an unknown instance, a pending one, bad values, and IPv6 outside eu-north-1', async () => {
    await rejectsWith(
      client().send(new UpdateInstanceMetadataOptionsCommand({ instanceName: 'nope-1' })),
      NotFoundException,
      /nope-1/,
    );
    await rejectsWith(
      client().send(
        new UpdateInstanceMetadataOptionsCommand({
          instanceName: SEEDED.instance,
          httpPutResponseHopLimit: 0,
        }),
      ),
      InvalidInputException,
      /httpPutResponseHopLimit/,
    );
    await rejectsWith(
      client().send(
        new UpdateInstanceMetadataOptionsCommand({
          instanceName: SEEDED.instance,
          httpTokens: 'sometimes' as 'required',
        }),
      ),
      InvalidInputException,
      /httpTokens/,
    );
    await rejectsWith(
      client().send(
        new UpdateInstanceMetadataOptionsCommand({
          instanceName: SEEDED.instance,
          httpProtocolIpv6: 'enabled',
        }),
      ),
      InvalidInputException,
      /eu-north-1/,
    );
    await h.control.setTimeScale(1);
    await client().send(
      new CreateInstancesCommand({
        instanceNames: ['meta-new'],
        availabilityZone: `${SEEDED.region}a`,
        blueprintId: 'amazon_linux_2023',
        bundleId: 'nano_3_0',
      }),
    );
    await rejectsWith(
      client().send(new UpdateInstanceMetadataOptionsCommand({ instanceName: 'meta-new' })),
      InvalidInputException,
      /pending/,
    );
  });

  it('takes the IPv6 endpoint setting in eu-north-1', async () => {
    const north = h.lightsail('eu-north-1');
    await north.send(
      new CreateInstancesCommand({
        instanceNames: ['meta-north'],
        availabilityZone: 'eu-north-1a',
        blueprintId: 'amazon_linux_2023',
        bundleId: 'nano_3_0',
      }),
    );
    await waitFor(
      async () => (await north.send(new GetInstanceCommand({ instanceName: 'meta-north' }))).instance,
      (i) => i?.state?.name === 'running',
    );
    await north.send(
      new UpdateInstanceMetadataOptionsCommand({ instanceName: 'meta-north', httpProtocolIpv6: 'enabled' }),
    );
    const after = (await north.send(new GetInstanceCommand({ instanceName: 'meta-north' }))).instance;
    assert.equal(after?.metadataOptions?.httpProtocolIpv6, 'enabled');
  });
});

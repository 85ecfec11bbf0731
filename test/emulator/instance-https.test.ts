import { strict as assert } from 'node:assert';
import {
  CreateDomainCommand,
  CreateDomainEntryCommand,
  GetInstanceCommand,
  GetSetupHistoryCommand,
  InvalidInputException,
  NotFoundException,
  SetupInstanceHttpsCommand,
  StopInstanceCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

/** SetupInstanceHttps and GetSetupHistory through the real SDK. */
describe('Lightsail emulator: instance HTTPS setup', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);
  const setup = (domainNames: string[], instanceName: string = SEEDED.instance) =>
    client().send(
      new SetupInstanceHttpsCommand({
        instanceName,
        emailAddress: 'ops@example.com',
        domainNames,
        certificateProvider: 'LetsEncrypt',
      }),
    );
  const history = () => client().send(new GetSetupHistoryCommand({ resourceName: SEEDED.instance }));

  it('runs a setup in progress, then succeeded, with its steps, newest first in the history', async () => {
    await h.control.setTimeScale(240);
    const answer = await setup(['blog.example.org']);
    assertMatchesReference('SetupInstanceHttps', answer);
    const operation = answer.operations![0]!;
    assert.equal(operation.operationType, 'SetupInstanceHttps');
    const first = await history();
    assertMatchesReference('GetSetupHistory', first);
    assert.equal(first.setupHistory![0]!.status, 'inProgress');
    assert.equal(first.setupHistory![0]!.operationId, operation.id);
    assert.deepEqual(first.setupHistory![0]!.request, {
      instanceName: SEEDED.instance,
      domainNames: ['blog.example.org'],
      certificateProvider: 'LetsEncrypt',
    });
    const done = await waitFor(history, (h) => h.setupHistory![0]!.status !== 'inProgress');
    assertMatchesReference('GetSetupHistory', done);
    const latest = done.setupHistory![0]!;
    assert.equal(latest.status, 'succeeded');
    assert.equal(latest.executionDetails!.length, 5);
    assert.ok(latest.executionDetails!.every((d) => d.status === 'succeeded'));
    assert.equal(latest.resource?.resourceType, 'Instance');
  });

  it('fails when a Lightsail domain holds a name without an A record to the instance, and succeeds once it has one', async () => {
    await client().send(new CreateDomainCommand({ domainName: 'shop.test' }));
    await setup(['www.shop.test']);
    const failed = await waitFor(history, (h) => h.setupHistory![0]!.status !== 'inProgress');
    const step = failed.setupHistory![0]!.executionDetails!.find((d) => d.status === 'failed');
    assert.equal(failed.setupHistory![0]!.status, 'failed');
    assert.match(step?.standardError ?? '', /www\.shop\.test does not resolve/);
    const address = (await client().send(new GetInstanceCommand({ instanceName: SEEDED.instance }))).instance
      ?.publicIpAddress;
    await client().send(
      new CreateDomainEntryCommand({
        domainName: 'shop.test',
        domainEntry: { name: 'www.shop.test', type: 'A', target: address },
      }),
    );
    await setup(['www.shop.test']);
    const after = await waitFor(history, (h) => h.setupHistory![0]!.status !== 'inProgress');
    assert.equal(after.setupHistory![0]!.status, 'succeeded');
    assert.equal(after.setupHistory!.length, 2);
  });

  it('keeps the five latest setups', async () => {
    for (let i = 0; i < 6; i++) await setup([`site${i}.example.org`]);
    const answer = await history();
    assert.deepEqual(
      answer.setupHistory!.map((s) => s.request?.domainNames?.[0]),
      [
        'site5.example.org',
        'site4.example.org',
        'site3.example.org',
        'site2.example.org',
        'site1.example.org',
      ],
    );
  });

  it('refuses bad parameters, an unknown or stopped instance, and keeps the email address out of the audit', async () => {
    await rejectsWith(setup(['no_dots']), InvalidInputException, /domainNames/);
    await rejectsWith(
      setup(Array.from({ length: 11 }, (_, i) => `n${i}.example.org`)),
      InvalidInputException,
      /at most 10/,
    );
    await rejectsWith(
      client().send(
        new SetupInstanceHttpsCommand({
          instanceName: SEEDED.instance,
          emailAddress: 'not-an-address',
          domainNames: ['a.example.org'],
          certificateProvider: 'LetsEncrypt',
        }),
      ),
      InvalidInputException,
      /emailAddress/,
    );
    await rejectsWith(setup(['a.example.org'], 'ghost'), NotFoundException, /ghost/);
    await rejectsWith(
      client().send(new GetSetupHistoryCommand({ resourceName: 'ghost' })),
      NotFoundException,
      /ghost/,
    );
    await client().send(new StopInstanceCommand({ instanceName: SEEDED.instance }));
    await rejectsWith(setup(['a.example.org']), InvalidInputException, /running/);
    const audit = JSON.stringify(await h.control.audit({ action: 'SetupInstanceHttps' }));
    assert.ok(audit.includes('a.example.org'));
    assert.ok(!audit.includes('ops@example.com'), 'the email address reached the audit');
  });
});

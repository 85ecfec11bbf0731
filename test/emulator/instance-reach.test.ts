import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AllocateStaticIpCommand,
  AttachStaticIpCommand,
  CreateDomainCommand,
  CreateDomainEntryCommand,
  DetachStaticIpCommand,
  GetInstanceCommand,
  LightsailClient,
  SetIpAddressTypeCommand,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS, startEmulator } from '../../src/emulator';
import { EmulatorControl, EmulatorControlError } from '../../src/emulator/control-client';
import { INSTANCE_HEADER } from '../../src/emulator/resources/instance-serving/instance-server';
import { spawnEmulator } from '../support/emulator-process';
import { FAST, useEmulator, waitFor } from './harness';
import { runningInstance } from './instance-helpers';

const east = 'us-east-1';

const answeredBy = async (at: { host: string; port: number }) =>
  (await fetch(`http://${at.host}:${at.port}/`)).headers.get(INSTANCE_HEADER);

describe('Lightsail emulator: reaching instances by address and name', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);

  it('reaches the instance that holds a static IP, follows it to another instance, and answers 404 once detached', async () => {
    await runningInstance(client(), 'old-1');
    await runningInstance(client(), 'new-1');
    await client().send(new AllocateStaticIpCommand({ staticIpName: 'ip-web' }));
    await client().send(new AttachStaticIpCommand({ staticIpName: 'ip-web', instanceName: 'old-1' }));
    const address = (await h.control.state())[east]!.staticIps['ip-web']!.ipAddress;
    const first = await h.control.reach({ address, port: 80 });
    assert.deepEqual([first.region, first.instanceName], [east, 'old-1']);
    assert.equal(await answeredBy(first), 'old-1');

    await client().send(new DetachStaticIpCommand({ staticIpName: 'ip-web' }));
    await assert.rejects(h.control.reach({ address, port: 80 }), (err: unknown) => {
      assert.ok(err instanceof EmulatorControlError);
      assert.equal(err.status, 404);
      assert.match(err.message, /the static IP ip-web \(us-east-1\) is not attached to an instance/);
      return true;
    });
    await client().send(new AttachStaticIpCommand({ staticIpName: 'ip-web', instanceName: 'new-1' }));
    assert.equal(await answeredBy(await h.control.reach({ region: east, address, port: 80 })), 'new-1');
  });

  it('reaches a dualstack instance at its IPv6 address too', async () => {
    await runningInstance(client(), 'v6-1');
    await client().send(
      new SetIpAddressTypeCommand({
        resourceType: 'Instance',
        resourceName: 'v6-1',
        ipAddressType: 'dualstack',
      }),
    );
    const { instance } = await client().send(new GetInstanceCommand({ instanceName: 'v6-1' }));
    const v6 = instance!.ipv6Addresses![0]!;
    assert.equal(await answeredBy(await h.control.reach({ address: v6, port: 80 })), 'v6-1');
  });

  it('refuses a reach without an address or with a port out of range', async () => {
    await assert.rejects(h.control.reach({ address: '', port: 80 }), /400/);
    await assert.rejects(h.control.reach({ address: '3.1.2.3', port: 70000 }), /400/);
  });

  it('resolves a name to the A and AAAA addresses of the Lightsail domain entries, through CNAMEs and wildcards', async () => {
    const entry = (name: string, type: string, target: string) =>
      client().send(
        new CreateDomainEntryCommand({ domainName: 'example.com', domainEntry: { name, type, target } }),
      );
    await client().send(new CreateDomainCommand({ domainName: 'example.com' }));
    await entry('www.example.com', 'A', '3.1.2.3');
    await entry('www.example.com', 'A', '3.1.2.4');
    await entry('www.example.com', 'AAAA', '2600:1f18::1');
    await entry('shop.example.com', 'CNAME', 'www.example.com');
    await entry('*.apps.example.com', 'A', '3.9.9.9');

    assert.deepEqual(await h.control.resolve('WWW.example.com.'), {
      name: 'www.example.com',
      domain: 'example.com',
      cnames: [],
      a: ['3.1.2.3', '3.1.2.4'],
      aaaa: ['2600:1f18::1'],
    });
    const shop = await h.control.resolve('shop.example.com');
    assert.deepEqual([shop.cnames, shop.a], [['www.example.com'], ['3.1.2.3', '3.1.2.4']]);
    assert.deepEqual((await h.control.resolve('blog.apps.example.com')).a, ['3.9.9.9']);
    assert.deepEqual(await h.control.resolve('nothing.example.org'), {
      name: 'nothing.example.org',
      domain: null,
      cnames: [],
      a: [],
      aaaa: [],
    });
  });
});

describe('Lightsail emulator: instance listeners across a restart', () => {
  it('serves a running instance on the same loopback port after a restart from the state file', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-instances-')), 'state.json');
    let running = await startEmulator({ port: 0, timeScale: FAST, seed: false, stateFile });
    const lightsail = (url: string) =>
      new LightsailClient({
        region: east,
        endpoint: url,
        credentials: LOCAL_EMULATOR_CREDENTIALS,
        maxAttempts: 1,
      });
    let client = lightsail(running.url);
    try {
      const instance = await runningInstance(client, 'kept-1');
      const control = new EmulatorControl(running.url);
      // No reach call: the listener opens on its own once the instance runs.
      const served = await waitFor(
        async () => (await control.state())[east]!.instances['kept-1']!.servedPorts?.['80'],
        (port) => port !== undefined,
      );
      assert.equal(await answeredBy({ host: '127.0.0.1', port: served! }), 'kept-1');
      client.destroy();
      await running.close();

      running = await startEmulator({ port: 0, timeScale: FAST, seed: false, stateFile });
      client = lightsail(running.url);
      const again = await new EmulatorControl(running.url).reach({
        address: instance.publicIpAddress!,
        port: 80,
      });
      assert.equal(again.port, served);
      assert.equal(await answeredBy(again), 'kept-1');
    } finally {
      client.destroy();
      await running.close();
    }
  });

  it('keeps a listener port journaled before a SIGKILL, so the instance answers on it after the restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-instances-')), 'state.json');
    let emulator = await spawnEmulator({ stateFile, timeScale: FAST });
    const client = new LightsailClient({
      region: east,
      endpoint: emulator.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const instance = await runningInstance(client, 'kept-2');
      const before = await new EmulatorControl(emulator.url).reach({
        address: instance.publicIpAddress!,
        port: 80,
      });
      await emulator.stop('SIGKILL');
      emulator = await spawnEmulator({ stateFile, timeScale: FAST });
      const after = await new EmulatorControl(emulator.url).reach({
        address: instance.publicIpAddress!,
        port: 80,
      });
      assert.equal(after.port, before.port);
      assert.equal(await answeredBy(after), 'kept-2');
    } finally {
      client.destroy();
      await emulator.stop('SIGKILL');
    }
  });
});

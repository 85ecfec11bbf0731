import { strict as assert } from 'node:assert';
import {
  CloseInstancePublicPortsCommand,
  CreateInstanceSnapshotCommand,
  CreateInstancesFromSnapshotCommand,
  DeleteInstanceCommand,
  GetInstanceSnapshotCommand,
  OpenInstancePublicPortsCommand,
  StartInstanceCommand,
  StopInstanceCommand,
} from '@aws-sdk/client-lightsail';
import { INSTANCE_HEADER } from '../../src/emulator/resources/instance-serving/instance-server';
import { useEmulator, waitFor } from './harness';
import { runningInstance, tcpConnects, waitForState } from './instance-helpers';

const east = 'us-east-1';

describe('Lightsail emulator: instances answer on loopback', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  const reach = (address: string, port: number) => h.control.reach({ region: east, address, port });
  const get = async (address: string, port: number, path = '/') => {
    const at = await reach(address, port);
    const response = await fetch(`http://${at.host}:${at.port}${path}`);
    return {
      status: response.status,
      instance: response.headers.get(INSTANCE_HEADER),
      body: await response.text(),
    };
  };

  it('serves a new instance on ports 22 and 80 at its public IP, naming the instance', async () => {
    const instance = await runningInstance(client(), 'web-a');
    const http = await get(instance.publicIpAddress!, 80, '/hello');
    assert.deepEqual(http, {
      status: 200,
      instance: 'web-a',
      body: 'instance web-a in us-east-1, port 80\n',
    });
    const ssh = await reach(instance.publicIpAddress!, 22);
    assert.equal(ssh.instanceName, 'web-a');
    assert.ok(await tcpConnects(ssh.port), 'port 22 accepts a TCP connection');
    await assert.rejects(reach(instance.publicIpAddress!, 443), /does not open it/);
  });

  it('opens a listener for an opened port and closes the listener of a closed one', async () => {
    const instance = await runningInstance(client(), 'web-b');
    const address = instance.publicIpAddress!;
    const port80 = (await reach(address, 80)).port;
    await client().send(
      new OpenInstancePublicPortsCommand({
        instanceName: 'web-b',
        portInfo: { fromPort: 8080, toPort: 8080, protocol: 'tcp' },
      }),
    );
    assert.equal((await get(address, 8080)).body, 'instance web-b in us-east-1, port 8080\n');
    await client().send(
      new CloseInstancePublicPortsCommand({
        instanceName: 'web-b',
        portInfo: { fromPort: 80, toPort: 80, protocol: 'tcp' },
      }),
    );
    await assert.rejects(reach(address, 80), /404 .*does not open it/);
    assert.equal(await tcpConnects(port80), false, 'the closed port no longer accepts connections');
  });

  it('stops answering while stopped, and answers on a new public IP once started again', async () => {
    const before = await runningInstance(client(), 'web-c');
    const oldPort = (await reach(before.publicIpAddress!, 80)).port;
    await client().send(new StopInstanceCommand({ instanceName: 'web-c' }));
    await assert.rejects(
      reach(before.publicIpAddress!, 80),
      /web-c \(us-east-1\) that holds it is stopp(ing|ed)/,
    );
    assert.equal(await tcpConnects(oldPort), false);
    await waitForState(client(), 'web-c', 'stopped');
    await client().send(new StartInstanceCommand({ instanceName: 'web-c' }));
    const after = await waitForState(client(), 'web-c', 'running');
    assert.notEqual(after.publicIpAddress, before.publicIpAddress, 'a new public IP after a start');
    assert.equal((await get(after.publicIpAddress!, 80)).instance, 'web-c');
    await assert.rejects(reach(before.publicIpAddress!, 80), /no instance of us-east-1 holds that address/);
  });

  it('stops answering once deleted', async () => {
    const instance = await runningInstance(client(), 'web-d');
    const port = (await reach(instance.publicIpAddress!, 80)).port;
    await client().send(new DeleteInstanceCommand({ instanceName: 'web-d' }));
    assert.equal(await tcpConnects(port), false);
    await assert.rejects(reach(instance.publicIpAddress!, 80), /404/);
  });

  it('answers as the EMULATOR_* lines of its user data say, without keeping the user data', async () => {
    const userData = [
      '#!/bin/bash',
      'export API_TOKEN=s3cr3t-token',
      'EMULATOR_HTTP_STATUS=503',
      "export EMULATOR_FAIL_PATHS='/buy,/pay'",
      'EMULATOR_RESPONSE_DELAY_MS=150',
    ].join('\n');
    const instance = await runningInstance(client(), 'web-e', { userData });
    const started = Date.now();
    assert.equal((await get(instance.publicIpAddress!, 80, '/')).status, 503);
    assert.ok(Date.now() - started >= 150, 'the answer took the delay');
    assert.equal((await get(instance.publicIpAddress!, 80, '/buy?x=1')).status, 500);
    const audit = await h.control.audit({ action: 'CreateInstances' });
    assert.equal((audit.at(-1)!.params as { userData: string }).userData, '***');
    const dump = JSON.stringify(await h.control.state());
    assert.ok(
      !dump.includes('s3cr3t-token') && !dump.includes('#!/bin/bash'),
      'the state holds no user data',
    );
  });

  it('serves an instance made from a snapshot as its source did, unless its own user data says otherwise', async () => {
    await runningInstance(client(), 'src-1', {
      userData: 'EMULATOR_HTTP_STATUS=418\nEMULATOR_FAIL_PATHS=/x',
    });
    await client().send(
      new CreateInstanceSnapshotCommand({ instanceName: 'src-1', instanceSnapshotName: 'src-1-snap' }),
    );
    await waitFor(
      () => client().send(new GetInstanceSnapshotCommand({ instanceSnapshotName: 'src-1-snap' })),
      (r) => r.instanceSnapshot?.state === 'available',
    );
    const fromSnapshot = (name: string, userData?: string) =>
      client().send(
        new CreateInstancesFromSnapshotCommand({
          instanceNames: [name],
          instanceSnapshotName: 'src-1-snap',
          availabilityZone: `${east}b`,
          bundleId: 'small_3_0',
          userData,
        }),
      );
    await fromSnapshot('copy-1');
    await fromSnapshot('copy-2', 'EMULATOR_HTTP_STATUS=200');
    const copy1 = await waitForState(client(), 'copy-1', 'running');
    const copy2 = await waitForState(client(), 'copy-2', 'running');
    assert.equal((await get(copy1.publicIpAddress!, 80)).status, 418);
    assert.equal((await get(copy2.publicIpAddress!, 80)).status, 200, 'its own user data wins');
    assert.equal((await get(copy2.publicIpAddress!, 80, '/x')).status, 500, 'what it does not set stays');
  });

  it('lets a test steer an instance by name before it exists, and clear the steering', async () => {
    await h.control.setInstanceBehaviour({ region: east, instanceName: 'web-f', httpStatus: 502 });
    const instance = await runningInstance(client(), 'web-f', { userData: 'EMULATOR_FAIL_PATHS=/health' });
    assert.equal((await get(instance.publicIpAddress!, 80, '/')).status, 502);
    assert.equal((await get(instance.publicIpAddress!, 80, '/health')).status, 500);
    await h.control.clearInstanceBehaviour({ region: east, instanceName: 'web-f' });
    assert.equal((await get(instance.publicIpAddress!, 80, '/')).status, 200);
  });
});

import { strict as assert } from 'node:assert';
import { ListenerPool, type ServedResource } from '../../src/emulator/serving/listeners';

const echo =
  (name: string): ServedResource['handler'] =>
  (request) =>
    Promise.resolve({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, path: request.path, host: request.headers.host }),
    });

describe('emulator serving: loopback listener pool', () => {
  it('serves a resource on an OS-chosen loopback port and passes path and host to its handler', async () => {
    const pool = new ListenerPool();
    try {
      const ports = await pool.reconcile('container', [
        { kind: 'container', region: 'us-east-1', name: 'web', handler: echo('web') },
      ]);
      const port = ports.get('container/us-east-1/web');
      assert.ok(port && port > 0);
      const response = await fetch(`http://127.0.0.1:${port}/hello`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { name: 'web', path: '/hello', host: `127.0.0.1:${port}` });
    } finally {
      await pool.closeAll();
    }
  });

  it('closes a listener when its resource is no longer wanted, leaving other kinds alone', async () => {
    const pool = new ListenerPool();
    try {
      await pool.reconcile('container', [
        { kind: 'container', region: 'us-east-1', name: 'a', handler: echo('a') },
      ]);
      await pool.reconcile('distribution', [
        { kind: 'distribution', region: 'us-east-1', name: 'd', handler: echo('d') },
      ]);
      const port = pool.portOf('container', 'us-east-1', 'a');
      await pool.reconcile('container', []);
      assert.equal(pool.portOf('container', 'us-east-1', 'a'), undefined);
      assert.ok(pool.portOf('distribution', 'us-east-1', 'd'));
      await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
    } finally {
      await pool.closeAll();
    }
  });

  it('reopens on the remembered port after a restart, and falls back to a new port when it is taken', async () => {
    const first = new ListenerPool();
    const ports = await first.reconcile('container', [
      { kind: 'container', region: 'us-east-1', name: 'web', handler: echo('web') },
    ]);
    const port = ports.get('container/us-east-1/web');
    await first.closeAll();
    const second = new ListenerPool();
    const third = new ListenerPool();
    try {
      const again = await second.reconcile('container', [
        { kind: 'container', region: 'us-east-1', name: 'web', port, handler: echo('web') },
      ]);
      assert.equal(again.get('container/us-east-1/web'), port);
      const fallback = await third.reconcile('container', [
        { kind: 'container', region: 'us-east-1', name: 'web', port, handler: echo('web') },
      ]);
      assert.notEqual(fallback.get('container/us-east-1/web'), port);
    } finally {
      await second.closeAll();
      await third.closeAll();
    }
  });
});

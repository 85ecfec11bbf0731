import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import { lazyClient } from '../../src/temporal/connect';
import { freePort } from '../support/free-port';

const TOKEN = 'write-token-0123456789abcdef';

describe('the HTTP API when nothing listens at the Temporal address', function () {
  let app: FastifyInstance;
  let base: string;
  let address: string;

  before(async () => {
    address = `127.0.0.1:${await freePort()}`;
    app = buildApi({
      client: lazyClient({ connection: { address }, namespace: 'default' }),
      taskQueue: 'unused',
      tokens: { write: [TOKEN], read: [] },
      triggers: {},
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app.close());

  async function timedGet(path: string) {
    const began = Date.now();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as {
      ok?: boolean;
      ready?: boolean;
      temporal?: { address: string; reachable: boolean };
      error?: { code: string; message: string };
    };
    return { status: res.status, body, took: Date.now() - began };
  }

  it('answers /readyz with 503 within 3 s, naming the address and what to check', async () => {
    const ready = await timedGet('/readyz');
    assert.equal(ready.status, 503);
    assert.ok(ready.took < 3000, `took ${ready.took} ms`);
    assert.deepEqual(ready.body.temporal, { address, reachable: false });
    assert.match(ready.body.error!.message, new RegExp(`^Cannot reach the Temporal server at ${address}: `));
    assert.match(ready.body.error!.message, /`npm run dev`, or set TEMPORAL_ADDRESS/);
  });

  it('keeps /healthz as liveness: 200 while Temporal cannot be reached', async () => {
    const health = await timedGet('/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { ok: true });
  });

  it('answers a route that needs Temporal with 503 TemporalUnavailable within 3 s, not 500 after retries', async () => {
    const runs = await timedGet('/runs');
    assert.equal(runs.status, 503);
    assert.ok(runs.took < 3000, `took ${runs.took} ms`);
    assert.equal(runs.body.error!.code, 'TemporalUnavailable');
    assert.match(runs.body.error!.message, new RegExp(`Cannot reach the Temporal server at ${address}`));
  });
});

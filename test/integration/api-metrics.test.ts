import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import { uniqueName } from '../support/fixtures';
import { parsePrometheusText, samplesOf } from '../support/prometheus-text';
import { testStack } from '../support/stack';

const WRITE = 'write-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';

describe('the HTTP API serves its request metrics on /metrics', function () {
  this.timeout(120_000);
  let app: FastifyInstance;
  let base: string;

  before(async function () {
    this.timeout(600_000);
    const stack = await testStack();
    app = buildApi({
      client: stack.client,
      taskQueue: stack.sharedTaskQueue,
      tokens: { write: [WRITE], read: [READ] },
      triggers: {},
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app?.close());

  const get = (path: string, token?: string) =>
    fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('counts requests by route template, method and status, and asks for a token to read them', async () => {
    assert.equal((await get('/procedures', READ)).status, 200);
    assert.equal((await get('/procedures', READ)).status, 200);
    assert.equal((await get(`/runs/${uniqueName('no-such-run')}`, READ)).status, 404);
    assert.equal((await get('/procedures')).status, 401);
    assert.equal((await get(`/${uniqueName('probe')}`, READ)).status, 404);
    assert.equal((await get('/metrics')).status, 401, 'metrics need a token like any GET');

    const res = await get('/metrics', READ);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const samples = parsePrometheusText(await res.text());
    const count = (labels: Record<string, string>) =>
      samplesOf(samples, 'lightsail_flows_api_requests_total', labels).reduce((n, s) => n + s.value, 0);

    assert.equal(count({ route: '/procedures', method: 'GET', status: '200' }), 2);
    assert.equal(count({ route: '/procedures', method: 'GET', status: '401' }), 1);
    assert.equal(count({ route: '/runs/:id', method: 'GET', status: '404' }), 1, 'the template, not the id');
    assert.equal(
      count({ route: 'unmatched', method: 'GET', status: '404' }),
      1,
      'unknown paths in one label',
    );
    assert.equal(
      samplesOf(samples, 'lightsail_flows_api_request_duration_seconds_count', {
        route: '/procedures',
        method: 'GET',
        status: '200',
      })[0]?.value,
      2,
    );
    const routes = new Set(samples.map((s) => s.labels.route).filter(Boolean));
    assert.ok(
      ![...routes].some((r) => r!.includes('no-such-run') || r!.includes('probe')),
      [...routes].join(),
    );
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { registerRequestMetrics } from '../../src/api/request-metrics';
import { workerRegistry } from '../../src/observability/worker-metrics';

/** Every expression in the dashboard, however deep in its panels. */
function expressions(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(expressions);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === 'expr' && typeof v === 'string' ? [v] : expressions(v),
  );
}

/** Family names from the `# TYPE` lines of Prometheus text. */
const families = (text: string) => [...text.matchAll(/^# TYPE (\w+) /gm)].map((m) => m[1]!);

describe('docs/grafana-dashboard.json', () => {
  it('queries only families the worker and the API export', async () => {
    const app = Fastify();
    registerRequestMetrics(app);
    const exported = new Set([
      ...families(await workerRegistry.metrics()),
      ...families((await app.inject({ method: 'GET', url: '/metrics' })).body),
    ]);
    await app.close();
    const dashboard = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as unknown;
    const exprs = expressions(dashboard);
    assert.ok(exprs.length >= 15, `${exprs.length} expressions`);
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b(lightsail_flows_\w+)/g)].map((m) => m[1]!)));
    for (const name of used) {
      const family = name.replace(/_(bucket|count|sum)$/, '');
      assert.ok(exported.has(family), `${name}: no family ${family} is exported`);
    }
    for (const family of exported) {
      if (family.startsWith('lightsail_flows_worker_')) continue; // Node's process metrics
      assert.ok(
        [...used].some((n) => n.startsWith(family)),
        `${family} is exported but not on the dashboard`,
      );
    }
  });
});

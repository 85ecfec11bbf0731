import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COPY_SNAPSHOT_WORKFLOW } from '../../src/schemas/copy-snapshot';
import { lightsailFlows, type RunningCommand } from '../support/cli-process';
import { createInstanceSnapshot, waitUntil } from '../support/fixtures';
import { TEST_POLL, stackCliEnv, testStack, type TestStack } from '../support/stack';

/** One span as an OTLP/HTTP JSON export carries it, with its process's service.name. */
interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  attributes: Record<string, string>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

const flat = (attributes: OtlpAttribute[] = []): Record<string, string> =>
  Object.fromEntries(
    attributes.map((a) => [a.key, String(a.value.stringValue ?? a.value.intValue ?? a.value.boolValue)]),
  );

/**
 * A stand-in OTLP/HTTP collector: keeps every span POSTed to /v1/traces. The exporter sends JSON
 * (@opentelemetry/exporter-trace-otlp-http), so no protobuf decoding is needed here.
 */
async function startCollector(): Promise<{ server: Server; url: string; spans: ExportedSpan[] }> {
  const spans: ExportedSpan[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const payload = JSON.parse(body) as OtlpExport;
        for (const rs of payload.resourceSpans ?? []) {
          const service = flat(rs.resource?.attributes)['service.name'] ?? '';
          for (const s of (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? [])) {
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              attributes: flat(s.attributes),
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
}

/**
 * Tracing as an operator turns it on: OTEL_EXPORTER_OTLP_ENDPOINT set for `lightsail-flows worker`
 * and for `lightsail-flows start`, two processes exporting over OTLP/HTTP to one collector. The
 * in-memory test (tracing.test.ts) shows the span tree; this one shows the variable turns the
 * export on in the real entry point, and that the CLI's start and the worker's spans join one trace.
 */
describe('tracing over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set', function () {
  this.timeout(180_000);
  let stack: TestStack;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let worker: RunningCommand | undefined;
  let dir: string;
  const taskQueue = `otlp-${randomUUID().slice(0, 8)}`;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    collector = await startCollector();
    dir = mkdtempSync(join(tmpdir(), 'tracing-otlp-'));
  });

  after(async () => {
    await stack?.control.clearFaults();
    worker?.child.kill('SIGTERM');
    await worker?.done;
    collector?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The CLI's environment for the test stack, exporting to the collector as `service`. */
  const tracedEnv = (service: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...stackCliEnv(stack, taskQueue),
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_SERVICE_NAME: service,
    // The batch processor's default 5 s wait would only slow the test down.
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });

  it('exports the start from the CLI and the run, its steps and its Lightsail calls (a throttled one too) from the worker, in one trace', async () => {
    worker = lightsailFlows(['worker'], tracedEnv('otlp-test-worker'));
    await waitUntil(
      'the worker to poll',
      () => {
        const { stderr, code } = worker!.output();
        if (code !== null) throw new Error(`the worker exited (${code}):\n${stderr}`);
        return Promise.resolve(/^Worker polling/m.test(stderr) ? true : undefined);
      },
      120_000,
      100,
    );

    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'otlp');
    const input = join(dir, 'copy.json');
    writeFileSync(
      input,
      JSON.stringify({
        poll: TEST_POLL,
        sourceRegion: 'us-east-1',
        targetRegions: ['eu-west-1'],
        source: { type: 'manual', snapshotName },
      }),
    );
    // The run's first read of its source is throttled once, so one call span carries that outcome.
    await stack.control.setFaults([
      { actions: ['GetInstanceSnapshot'], regions: ['us-east-1'], errors: ['ThrottlingException'], count: 1 },
    ]);
    const started = await lightsailFlows(
      ['start', 'copy-snapshot', '--input', input, '--wait'],
      tracedEnv('otlp-test-cli'),
    ).done;
    assert.equal(started.code, 0, started.stderr);

    // The CLI flushed its spans before it exited; the worker's come within its batch delay.
    const startSpan = collector.spans.find(
      (s) => s.service === 'otlp-test-cli' && s.name === `StartWorkflow:${COPY_SNAPSHOT_WORKFLOW}`,
    );
    assert.ok(startSpan, `the CLI exported its start: ${collector.spans.map((s) => s.name).join(', ')}`);
    assert.equal(startSpan.parentSpanId, '', 'the start is the root of the trace');
    const inTrace = () => collector.spans.filter((s) => s.traceId === startSpan.traceId);
    await waitUntil(
      'the worker to export the run and its calls',
      () =>
        Promise.resolve(
          inTrace().some((s) => s.name === `RunWorkflow:${COPY_SNAPSHOT_WORKFLOW}`) &&
            inTrace().some((s) => s.name === 'Lightsail.CopySnapshot')
            ? true
            : undefined,
        ),
      30_000,
      100,
    );

    const fromWorker = inTrace().filter((s) => s.service === 'otlp-test-worker');
    assert.ok(fromWorker.some((s) => s.name === `RunWorkflow:${COPY_SNAPSHOT_WORKFLOW}`));
    assert.ok(fromWorker.some((s) => s.name.startsWith('RunActivity:')));
    const copy = fromWorker.find((s) => s.name === 'Lightsail.CopySnapshot')!;
    const parent = fromWorker.find((s) => s.spanId === copy.parentSpanId);
    assert.match(parent?.name ?? '(none)', /^RunActivity:/, 'the call is a child of its step');
    assert.equal(copy.attributes['rpc.method'], 'CopySnapshot');
    assert.equal(copy.attributes['cloud.region'], 'eu-west-1');
    assert.match(copy.attributes['aws.request_id'] ?? '', /\S/);
    assert.equal(copy.attributes['lightsail_flows.outcome'], 'ok');
    const reads = fromWorker.filter(
      (s) => s.name === 'Lightsail.GetInstanceSnapshot' && s.attributes['cloud.region'] === 'us-east-1',
    );
    const outcomes = reads.map((s) => s.attributes['lightsail_flows.outcome']);
    assert.equal(outcomes.filter((o) => o === 'throttled').length, 1, outcomes.join());
    assert.ok(outcomes.includes('ok'), `the retried read answered: ${outcomes.join()}`);
  });
});

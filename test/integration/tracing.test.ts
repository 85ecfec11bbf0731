import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { dataConverterFor } from '../../src/codec/data-converter';
import { parseCodecKeys } from '../../src/codec/keys';
import { startTracing, type Tracing } from '../../src/observability/tracing';
import { COPY_SNAPSHOT_WORKFLOW } from '../../src/schemas/copy-snapshot';
import { lazyClient } from '../../src/temporal/connect';
import type { copySnapshotAcrossRegions } from '../../workflows';
import { createInstanceSnapshot, waitUntil } from '../support/fixtures';
import { TEST_POLL, testStack, type RunningWorker, type TestStack } from '../support/stack';

/**
 * With tracing on, a run is one trace: the client's start, the run, each step, and each
 * Lightsail call a step makes. The worker and the client are made the way the CLI makes them
 * (src/cli/main.ts turns tracing on first), with an in-memory exporter instead of OTLP.
 */
describe('tracing: one trace from the client start to the Lightsail calls of a run', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let exporter: InMemorySpanExporter;
  let tracing: Tracing | undefined;
  let worker: RunningWorker | undefined;
  let client: Client | undefined;
  let snapshotName: string;
  const taskQueue = `tracing-${randomUUID().slice(0, 8)}`;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    // Made before tracing starts, so the only spans are the run's.
    ({ snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'traced'));
    exporter = new InMemorySpanExporter();
    tracing = startTracing(new SimpleSpanProcessor(exporter), 'lightsail-flows-test');
    worker = await stack.startWorker(taskQueue);
    client = lazyClient({
      connection: { address: stack.env.address },
      namespace: 'default',
      codec: parseCodecKeys(stack.codecKeys),
    });
  });

  after(async () => {
    await worker?.stop();
    await tracing?.shutdown();
    await client?.connection.close();
  });

  it('links the start, the run, its steps and every Lightsail call of a copy in one trace', async () => {
    const handle = await client!.workflow.start<typeof copySnapshotAcrossRegions>(COPY_SNAPSHOT_WORKFLOW, {
      taskQueue,
      workflowId: `test-trace-${randomUUID()}`,
      args: [
        {
          poll: TEST_POLL,
          sourceRegion: 'us-east-1',
          targetRegions: 'eu-west-1',
          source: { type: 'manual', snapshotName },
          targetSnapshotName: `${snapshotName}-dr`,
        },
      ],
    });
    await handle.result();
    // Workflow spans leave the sandbox through a sink after the run's last task.
    const spans = await waitUntil('the run span to be exported', () => {
      const all = exporter.getFinishedSpans();
      return Promise.resolve(
        all.some((s) => s.name === `RunWorkflow:${COPY_SNAPSHOT_WORKFLOW}`) ? all : undefined,
      );
    });

    const start = spans.find((s) => s.name === `StartWorkflow:${COPY_SNAPSHOT_WORKFLOW}`);
    assert.ok(start, `a client start span among ${names(spans)}`);
    assert.equal(start.parentSpanId, undefined, 'the start is the root');
    const traceId = start.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    const ancestors = (s: ReadableSpan): string[] => {
      const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
      return parent ? [parent.name, ...ancestors(parent)] : [];
    };

    const run = inTrace.find((s) => s.name === `RunWorkflow:${COPY_SNAPSHOT_WORKFLOW}`);
    assert.ok(run, 'the run is in the start trace');
    assert.deepEqual(ancestors(run), [start.name]);
    const steps = inTrace.filter((s) => s.name.startsWith('RunActivity:'));
    assert.ok(steps.length >= 3, `steps: ${names(steps)}`);
    for (const step of steps) assert.ok(ancestors(step).includes(run.name), `${step.name} is under the run`);

    // Every Lightsail call is in the run's trace under a step, or in a watcher round linked to one.
    const calls = spans.filter((s) => s.name.startsWith('Lightsail.'));
    assert.ok(
      calls.some((c) => c.name === 'Lightsail.CopySnapshot'),
      `calls: ${names(calls)}`,
    );
    const rounds = new Map(
      spans.filter((s) => s.name === 'OperationWatcher.round').map((s) => [s.spanContext().spanId, s]),
    );
    const stepIds = new Set(steps.map((s) => s.spanContext().spanId));
    for (const call of calls) {
      assert.equal(call.kind, SpanKind.CLIENT);
      assert.equal(call.attributes['rpc.method'], call.name.slice('Lightsail.'.length));
      assert.match(String(call.attributes['cloud.region']), /^(us-east-1|eu-west-1)$/);
      assert.match(String(call.attributes['aws.request_id']), /\S/, `${call.name} has a request id`);
      assert.equal(call.attributes['lightsail_flows.outcome'], 'ok');
      const round = call.parentSpanId ? rounds.get(call.parentSpanId) : undefined;
      if (round) {
        assert.ok(
          round.links.some((l) => l.context.traceId === traceId && stepIds.has(l.context.spanId)),
          `the round that made ${call.name} links to a step of the run`,
        );
      } else {
        assert.equal(call.spanContext().traceId, traceId, `${call.name} is in the run's trace`);
        assert.ok(
          ancestors(call).some((n) => n.startsWith('RunActivity:')),
          `${call.name} is under a step`,
        );
      }
    }
    // The last call the run made, whatever it was, is in that same trace.
    const last = calls
      .filter((c) => !rounds.has(c.parentSpanId ?? ''))
      .sort((a, b) => endMs(b) - endMs(a))[0]!;
    assert.equal(last.spanContext().traceId, traceId);
    assert.equal(ancestors(last).at(-1), start.name);

    // A traced run replays: the interceptors add spans and headers, never commands.
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: stack.bundle, dataConverter: dataConverterFor(parseCodecKeys(stack.codecKeys)) },
      history,
      handle.workflowId,
    );
  });
});

const names = (spans: ReadableSpan[]) => spans.map((s) => s.name).join(', ');
const endMs = (s: ReadableSpan) => s.endTime[0] * 1000 + s.endTime[1] / 1e6;

import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { copySnapshotAcrossRegions } from '../../workflows';
import { COPY_SNAPSHOT_WORKFLOW, type CopySnapshotInput } from '../../src/schemas/copy-snapshot';
import { lightsailFlows, type RunningCommand } from '../support/cli-process';
import { createInstanceSnapshot, uniqueName, waitUntil } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { parsePrometheusText, samplesOf, type Sample } from '../support/prometheus-text';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';

/**
 * `lightsail-flows worker` as a process of its own, as it runs in production: its port serves
 * the project's metrics with the SDK's, and answers liveness and readiness.
 */
describe('the worker process serves metrics and health on LIGHTSAIL_FLOWS_METRICS_ADDRESS', function () {
  this.timeout(180_000);
  let stack: TestStack;
  let worker: RunningCommand;
  let base: string;
  const taskQueue = `metrics-${randomUUID().slice(0, 8)}`;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    worker = lightsailFlows(['worker'], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: stack.env.address,
      TEMPORAL_NAMESPACE: 'default',
      LIGHTSAIL_FLOWS_TASK_QUEUE: taskQueue,
      LIGHTSAIL_FLOWS_CODEC_KEYS: stack.codecKeys,
      LIGHTSAIL_ENDPOINT: stack.emulator.url,
      // Paced, so the pacing families have samples.
      LIGHTSAIL_CALLS_PER_SECOND: '50',
      LIGHTSAIL_FLOWS_METRICS_ADDRESS: `127.0.0.1:${port}`,
    });
    await waitUntil(
      'the worker to be ready',
      async () => {
        if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output().stderr}`);
        const res = await fetch(`${base}/readyz`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      120_000,
      250,
    );
  });

  after(async () => {
    await stack?.control.clearFaults();
    await stack?.control.setTimeScale(TEST_TIME_SCALE);
    worker?.child.kill('SIGTERM');
    await worker?.done;
  });

  function start(input: CopySnapshotInput) {
    return stack.client.workflow.start<typeof copySnapshotAcrossRegions>(COPY_SNAPSHOT_WORKFLOW, {
      taskQueue,
      workflowId: `test-metrics-${randomUUID()}`,
      args: [{ poll: TEST_POLL, ...input }],
    });
  }

  async function scrape(): Promise<Sample[]> {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    return parsePrometheusText(await res.text());
  }

  it('answers /livez and /readyz with the worker polling and Temporal reachable', async () => {
    const live = await fetch(`${base}/livez`);
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { live: true, state: 'RUNNING' });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      ready: true,
      worker: { state: 'RUNNING', polling: true },
      temporal: { reachable: true },
    });
  });

  it('after a copy with a throttled call, a retried call and a failed run, counts each with its labels', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'metrics');
    // One throttled read in the source region, one failing watcher read in the target region.
    await stack.control.setFaults([
      { actions: ['GetInstanceSnapshot'], regions: ['us-east-1'], errors: ['ThrottlingException'], count: 1 },
      {
        actions: ['GetOperations', 'GetOperation'],
        regions: ['eu-west-1'],
        errors: ['ServiceException'],
        count: 1,
      },
    ]);
    await (
      await start({
        sourceRegion: 'us-east-1',
        targetRegions: 'eu-west-1',
        source: { type: 'manual', snapshotName },
        targetSnapshotName: `${snapshotName}-dr`,
      })
    ).result();
    await stack.control.clearFaults();
    // A source that does not exist: the run fails on a refusal that will not change.
    const missing = await start({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName: uniqueName('missing') },
    });
    await assert.rejects(missing.result());

    const samples = await scrape();
    const procedure = 'copy-snapshot';
    const value = (name: string, labels: Record<string, string>) =>
      samplesOf(samples, name, labels).reduce((sum, s) => sum + s.value, 0);

    assert.equal(value('lightsail_flows_runs_started_total', { procedure }), 2);
    assert.equal(value('lightsail_flows_runs_ended_total', { procedure, outcome: 'completed' }), 1);
    assert.equal(value('lightsail_flows_runs_ended_total', { procedure, outcome: 'failed' }), 1);

    const steps = samplesOf(samples, 'lightsail_flows_step_duration_seconds_count', { procedure });
    assert.ok(
      steps.some((s) => s.labels.outcome === 'ok' && s.value > 0),
      'a step that succeeded',
    );
    assert.ok(
      steps.some((s) => s.labels.outcome === 'failed' && s.value > 0),
      'a step that failed',
    );
    assert.ok(
      steps.every((s) => s.labels.step && /^[a-zA-Z]+$/.test(s.labels.step)),
      'steps named',
    );

    const calls = (labels: Record<string, string>) => value('lightsail_flows_lightsail_calls_total', labels);
    assert.ok(calls({ region: 'eu-west-1', action: 'CopySnapshot', outcome: 'ok' }) >= 1);
    assert.ok(calls({ region: 'us-east-1', action: 'GetInstanceSnapshot', outcome: 'throttled' }) >= 1);
    assert.ok(calls({ region: 'eu-west-1', outcome: 'retried' }) >= 1, 'the failing watcher read');
    assert.ok(calls({ region: 'us-east-1', action: 'GetInstanceSnapshot', outcome: 'failed' }) >= 1);
    assert.ok(
      value('lightsail_flows_lightsail_call_duration_seconds_count', {
        region: 'eu-west-1',
        action: 'CopySnapshot',
      }) >= 1,
    );

    assert.ok(value('lightsail_flows_watcher_rounds_total', { region: 'eu-west-1' }) >= 1);
    assert.equal(
      samplesOf(samples, 'lightsail_flows_watcher_waiting_operations', { region: 'eu-west-1' }).length,
      1,
    );
    assert.deepEqual(
      samplesOf(samples, 'lightsail_flows_async_waits_held', {}).map((s) => s.value),
      [0],
      'the waits it held are all completed',
    );
    assert.deepEqual(
      samplesOf(samples, 'lightsail_flows_wait_reader', {}).map((s) => s.value),
      [1],
      'the only worker of its task queue reads its waits',
    );
    // One sample, not a sum: a family that is missing would also sum to 0.
    assert.deepEqual(
      samplesOf(samples, 'lightsail_flows_pacer_queue_depth', { region: 'us-east-1' }).map((s) => s.value),
      [0],
      'the queue depth is exported, and no call waits now',
    );
    assert.ok(value('lightsail_flows_pacer_delay_seconds_count', { region: 'us-east-1' }) >= 1);

    // The Temporal SDK's own families, in the same scrape.
    assert.ok(
      value('temporal_workflow_completed_total', {
        task_queue: taskQueue,
        workflow_type: COPY_SNAPSHOT_WORKFLOW,
      }) >= 1,
      'the SDK counts the completed run',
    );
    assert.ok(
      samplesOf(samples, 'temporal_activity_execution_latency_seconds_count', { task_queue: taskQueue })
        .length > 0,
    );

    // The SDK families the dashboard plots exist under those names (a workflow task failure
    // only appears once one has happened, which a healthy run never makes).
    const dashboard = readFileSync('docs/grafana-dashboard.json', 'utf8');
    const plotted = new Set(
      [...dashboard.matchAll(/\b(temporal_\w+?)(?:_bucket|_count|_sum)?\b/g)].map((m) => m[1]!),
    );
    plotted.delete('temporal_workflow_task_execution_failed_total');
    assert.ok(plotted.size >= 3, [...plotted].join());
    for (const family of plotted) {
      assert.ok(
        samples.some((s) => s.name === family || s.name.startsWith(`${family}_`)),
        `${family} is on the dashboard but not in the scrape`,
      );
    }
  });
});

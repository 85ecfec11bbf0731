import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { GetRegionsCommand } from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS } from '../../src/config';
import { CallPacer } from '../../src/lightsail/call-pacer';
import { workerRegistry } from '../../src/observability/worker-metrics';
import { LightsailClients } from '../../src/lightsail/clients';
import { useEmulator } from '../emulator/harness';

const REGION = 'us-east-1';
const EMULATOR_LIMIT = 50;

describe('LightsailClients pacing against the emulator rate limit', () => {
  const emulator = useEmulator();
  afterEach(() => emulator.control.setRateLimit(null));

  async function burst(callsPerSecond: number | undefined, calls: number) {
    const clients = new LightsailClients({
      endpoint: emulator.running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      sdkMaxAttempts: 1,
      callsPerSecond,
    });
    await emulator.control.setRateLimit(EMULATOR_LIMIT);
    await emulator.control.clearAudit();
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: calls }, () => clients.forRegion(REGION).send(new GetRegionsCommand({}))),
    );
    const elapsedMs = performance.now() - started;
    clients.destroy();
    const throttled = outcomes.filter(
      (o) => o.status === 'rejected' && (o.reason as Error).name === 'ThrottlingException',
    ).length;
    return { throttled, elapsedMs };
  }

  it('is throttled without pacing when 120 calls burst at a region limited to 50 a second', async () => {
    const { throttled } = await burst(undefined, 120);
    assert.ok(throttled > 0, 'the emulator throttles an unpaced burst');
  });

  it('sends the same burst paced at 40 a second with no call throttled, spread over about 3 seconds', async () => {
    const { throttled, elapsedMs } = await burst(40, 120);
    assert.equal(throttled, 0);
    // 120 calls at 40 a second: the last leaves about 3 s after the first.
    assert.ok(elapsedMs >= 2900, `took ${Math.round(elapsedMs)} ms`);
  });
});

describe('CallPacer metrics', () => {
  /** The samples of one worker family for `region`, as the worker's /metrics serves them. */
  async function samples(name: string, region: string) {
    const metric = workerRegistry.getSingleMetric(name);
    assert.ok(metric, name);
    return (await metric.get()).values.filter((v) => v.labels.region === region);
  }

  it('exports the region’s queue depth, at 0, before any call has had to wait', async () => {
    const region = `pacer-metrics-${randomUUID().slice(0, 8)}`;
    const pacer = new CallPacer(1000, region);
    await pacer.turn(); // the first call never waits
    const depth = await samples('lightsail_flows_pacer_queue_depth', region);
    assert.deepEqual(
      depth.map((v) => v.value),
      [0],
    );
  });
});

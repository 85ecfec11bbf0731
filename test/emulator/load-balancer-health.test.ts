import { strict as assert } from 'node:assert';
import {
  AttachInstancesToLoadBalancerCommand,
  CloseInstancePublicPortsCommand,
  CreateLoadBalancerCommand,
  GetLoadBalancerCommand,
  UpdateLoadBalancerAttributeCommand,
} from '@aws-sdk/client-lightsail';
import { FAST, useEmulator, waitFor } from './harness';
import { runningInstance } from './instance-helpers';

const east = 'us-east-1';

describe('Lightsail emulator: load balancer health follows the instance', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  /** Each attached instance's health and reason, by name; a reason present but empty shows as a trailing space. */
  const health = async (): Promise<Record<string, string>> => {
    const { loadBalancer } = await client().send(new GetLoadBalancerCommand({ loadBalancerName: 'lb-1' }));
    return Object.fromEntries(
      (loadBalancer?.instanceHealthSummary ?? []).map((s): [string, string] => [
        s.instanceName ?? '',
        `${s.instanceHealth}${s.instanceHealthReason !== undefined ? ` ${s.instanceHealthReason}` : ''}`,
      ]),
    );
  };
  const settled = (expected: Record<string, string>) =>
    waitFor(health, (now) => JSON.stringify(now) === JSON.stringify(expected), 5000);

  beforeEach(async () => {
    await client().send(
      new CreateLoadBalancerCommand({
        loadBalancerName: 'lb-1',
        instancePort: 80,
        healthCheckPath: '/health',
      }),
    );
    await waitFor(
      () => client().send(new GetLoadBalancerCommand({ loadBalancerName: 'lb-1' })),
      (r) => r.loadBalancer?.state === 'active',
    );
  });

  it('is initial after attaching, then healthy for a 200 and unhealthy for another status at the health check path', async () => {
    await runningInstance(client(), 'ok-1');
    await runningInstance(client(), 'bad-1', { userData: 'EMULATOR_HTTP_STATUS=503' });
    await runningInstance(client(), 'sick-1', { userData: 'EMULATOR_FAIL_PATHS=/health' });
    // Slow enough to see the initial checks before their verdict.
    await h.control.setTimeScale(20);
    await client().send(
      new AttachInstancesToLoadBalancerCommand({
        loadBalancerName: 'lb-1',
        instanceNames: ['ok-1', 'bad-1', 'sick-1'],
      }),
    );
    assert.deepEqual(await health(), {
      'ok-1': 'initial Lb.InitialHealthChecking',
      'bad-1': 'initial Lb.InitialHealthChecking',
      'sick-1': 'initial Lb.InitialHealthChecking',
    });
    await h.control.setTimeScale(FAST);
    await settled({
      'ok-1': 'healthy',
      'bad-1': 'unhealthy Instance.ResponseCodeMismatch',
      'sick-1': 'unhealthy Instance.ResponseCodeMismatch',
    });
    // Checked at another path, the instance that fails only /health is healthy.
    await client().send(
      new UpdateLoadBalancerAttributeCommand({
        loadBalancerName: 'lb-1',
        attributeName: 'HealthCheckPath',
        attributeValue: '/',
      }),
    );
    assert.equal((await health())['sick-1'], 'healthy');
  });

  it('is unhealthy (Instance.Timeout) when the instance port is closed or the answer is slower than the check', async () => {
    await runningInstance(client(), 'ok-2');
    await runningInstance(client(), 'ok-3');
    await client().send(
      new AttachInstancesToLoadBalancerCommand({ loadBalancerName: 'lb-1', instanceNames: ['ok-2', 'ok-3'] }),
    );
    await settled({ 'ok-2': 'healthy', 'ok-3': 'healthy' });
    await client().send(
      new CloseInstancePublicPortsCommand({
        instanceName: 'ok-2',
        portInfo: { fromPort: 80, toPort: 80, protocol: 'tcp' },
      }),
    );
    await h.control.setInstanceBehaviour({ region: east, instanceName: 'ok-3', delayMs: 6000 });
    assert.deepEqual(await health(), {
      'ok-2': 'unhealthy Instance.Timeout',
      'ok-3': 'unhealthy Instance.Timeout',
    });
    await h.control.clearInstanceBehaviour({ region: east, instanceName: 'ok-3' });
    assert.equal((await health())['ok-3'], 'healthy');
  });
});

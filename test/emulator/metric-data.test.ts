import { strict as assert } from 'node:assert';
import {
  CreateBucketCommand,
  CreateDistributionCommand,
  CreateLoadBalancerCommand,
  GetBucketMetricDataCommand,
  GetDistributionMetricDataCommand,
  GetInstanceMetricDataCommand,
  GetLoadBalancerMetricDataCommand,
  InvalidInputException,
  NotFoundException,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator } from './harness';
import { rejectsWith } from './network-helpers';

/** The Get*MetricData actions of instances, load balancers, distributions and buckets. */
/** Statistics not asked for are absent from the datapoints; asking for all checks every field. */
const ALL_STATISTICS = ['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'] as const;

describe('Lightsail emulator: metric data', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);
  const lastHour = () => ({
    startTime: new Date(Date.now() - 3600_000),
    endTime: new Date(Date.now() + 60_000),
    period: 60,
  });

  it('GetInstanceMetricData answers datapoints in the metric unit with the statistics asked', async () => {
    const out = await client().send(
      new GetInstanceMetricDataCommand({
        instanceName: SEEDED.instance,
        metricName: 'CPUUtilization',
        unit: 'Percent',
        statistics: [...ALL_STATISTICS],
        ...lastHour(),
      }),
    );
    assertMatchesReference('GetInstanceMetricData', out);
    assert.equal(out.metricName, 'CPUUtilization');
    assert.ok(out.metricData && out.metricData.length >= 1);
    for (const d of out.metricData) {
      assert.equal(d.unit, 'Percent');
      assert.ok(d.average! >= 0 && d.average! <= 100);
      assert.ok(d.timestamp instanceof Date);
    }
  });

  it('GetInstanceMetricData answers StatusCheckFailed in Count, all passed', async () => {
    const out = await client().send(
      new GetInstanceMetricDataCommand({
        instanceName: SEEDED.instance,
        metricName: 'StatusCheckFailed',
        unit: 'Count',
        statistics: ['Sum'],
        ...lastHour(),
      }),
    );
    assert.ok(out.metricData!.every((d) => d.unit === 'Count' && d.sum === 0));
  });

  it('GetInstanceMetricData refuses a unit other than the metric one, naming unit', async () => {
    await rejectsWith(
      client().send(
        new GetInstanceMetricDataCommand({
          instanceName: SEEDED.instance,
          metricName: 'NetworkIn',
          unit: 'Percent',
          statistics: ['Sum'],
          ...lastHour(),
        }),
      ),
      InvalidInputException,
      /unit .*Bytes/,
    );
  });

  it('GetInstanceMetricData refuses a metric of another resource type, naming metricName', async () => {
    await rejectsWith(
      client().send(
        new GetInstanceMetricDataCommand({
          instanceName: SEEDED.instance,
          metricName: 'RequestCount' as 'CPUUtilization',
          unit: 'Count',
          statistics: ['Sum'],
          ...lastHour(),
        }),
      ),
      InvalidInputException,
      /metricName/,
    );
  });

  it('GetInstanceMetricData refuses an unknown instance as NotFoundException', async () => {
    await rejectsWith(
      client().send(
        new GetInstanceMetricDataCommand({
          instanceName: 'nope',
          metricName: 'CPUUtilization',
          unit: 'Percent',
          statistics: ['Average'],
          ...lastHour(),
        }),
      ),
      NotFoundException,
      /nope/,
    );
  });

  it('GetLoadBalancerMetricData answers RequestCount in Count and refuses a bad period', async () => {
    await client().send(new CreateLoadBalancerCommand({ loadBalancerName: 'lb-m', instancePort: 80 }));
    const out = await client().send(
      new GetLoadBalancerMetricDataCommand({
        loadBalancerName: 'lb-m',
        metricName: 'RequestCount',
        unit: 'Count',
        statistics: [...ALL_STATISTICS],
        ...lastHour(),
      }),
    );
    assertMatchesReference('GetLoadBalancerMetricData', out);
    assert.ok(out.metricData!.length >= 1 && out.metricData!.every((d) => d.unit === 'Count'));
    await rejectsWith(
      client().send(
        new GetLoadBalancerMetricDataCommand({
          loadBalancerName: 'lb-m',
          metricName: 'RequestCount',
          unit: 'Count',
          statistics: ['Sum'],
          ...lastHour(),
          period: 61,
        }),
      ),
      InvalidInputException,
      /period/,
    );
  });

  it('GetDistributionMetricData answers Requests in None, in us-east-1 only', async () => {
    await client().send(
      new CreateDistributionCommand({
        distributionName: 'cdn-m',
        origin: { name: SEEDED.instance, regionName: 'us-east-1', protocolPolicy: 'http-only' },
        defaultCacheBehavior: { behavior: 'dont-cache' },
        bundleId: 'small_1_0',
      }),
    );
    const input = {
      distributionName: 'cdn-m',
      metricName: 'Requests' as const,
      unit: 'None' as const,
      statistics: [...ALL_STATISTICS],
      ...lastHour(),
    };
    const out = await client().send(new GetDistributionMetricDataCommand(input));
    assertMatchesReference('GetDistributionMetricData', out);
    assert.ok(out.metricData!.length >= 1 && out.metricData!.every((d) => d.unit === 'None'));
    await rejectsWith(
      h.lightsail('eu-west-1').send(new GetDistributionMetricDataCommand(input)),
      InvalidInputException,
      /us-east-1/,
    );
  });

  it('GetBucketMetricData answers BucketSizeBytes in Bytes and refuses missing statistics', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'metrics-b', bundleId: 'small_1_0' }));
    const out = await client().send(
      new GetBucketMetricDataCommand({
        bucketName: 'metrics-b',
        metricName: 'BucketSizeBytes',
        unit: 'Bytes',
        statistics: [...ALL_STATISTICS],
        ...lastHour(),
      }),
    );
    assertMatchesReference('GetBucketMetricData', out);
    assert.ok(out.metricData!.length >= 1 && out.metricData!.every((d) => d.unit === 'Bytes'));
    await rejectsWith(
      client().send(
        new GetBucketMetricDataCommand({
          bucketName: 'metrics-b',
          metricName: 'NumberOfObjects',
          unit: 'Count',
          statistics: [],
          ...lastHour(),
        }),
      ),
      InvalidInputException,
      /statistics/,
    );
  });
});

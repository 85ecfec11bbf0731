import type { ActionRegistry } from '../registry';
import { requireName, requireString } from '../validation';
import { getBucket } from './buckets';
import { assertUsEast1 } from './domains/common';
import { getDistribution } from './domains/distributions';
import { getInstanceOrThrow } from './instances';
import { metricDataAnswer } from './metric-data';
import {
  BUCKET_METRICS,
  DISTRIBUTION_METRICS,
  INSTANCE_METRICS,
  LOAD_BALANCER_METRICS,
} from './metric-specs';
import { getLoadBalancer } from './network/load-balancers';

/** The Get*MetricData actions of instances, load balancers, distributions and buckets. */
export function registerMetricActions(registry: ActionRegistry): void {
  registry.register(
    'GetInstanceMetricData',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      return metricDataAnswer(params, INSTANCE_METRICS, instance, ctx.clock.now());
    },
    { mutating: false },
  );

  registry.register(
    'GetLoadBalancerMetricData',
    (ctx, params) => {
      const lb = getLoadBalancer(ctx, requireName(params, 'loadBalancerName'));
      return metricDataAnswer(params, LOAD_BALANCER_METRICS, lb, ctx.clock.now());
    },
    { mutating: false },
  );

  registry.register(
    'GetDistributionMetricData',
    (ctx, params) => {
      assertUsEast1(ctx);
      const d = getDistribution(ctx, params);
      return metricDataAnswer(params, DISTRIBUTION_METRICS, d, ctx.clock.now());
    },
    { mutating: false },
  );

  registry.register(
    'GetBucketMetricData',
    (ctx, params) => {
      const bucket = getBucket(ctx, requireString(params, 'bucketName'));
      return metricDataAnswer(params, BUCKET_METRICS, bucket, ctx.clock.now());
    },
    { mutating: false },
  );
}

import type { MetricSpec } from './metric-data';

/**
 * The metrics of each monitored resource type, with the unit the API reference says Lightsail
 * publishes each in. Ranges are plausible values for an idle-to-busy resource; alarms evaluate
 * the statistic the reference calls most useful.
 */

const count = (
  range: [number, number],
  alarmStatistic: MetricSpec['alarmStatistic'] = 'Sum',
): MetricSpec => ({
  unit: 'Count',
  range,
  alarmStatistic,
});

export const INSTANCE_METRICS: Record<string, MetricSpec> = {
  CPUUtilization: { unit: 'Percent', range: [1, 45], alarmStatistic: 'Average' },
  NetworkIn: { unit: 'Bytes', range: [1e5, 5e7], alarmStatistic: 'Sum' },
  NetworkOut: { unit: 'Bytes', range: [1e5, 8e7], alarmStatistic: 'Sum' },
  // Status checks pass: 0 failures.
  StatusCheckFailed: count([0, 0]),
  StatusCheckFailed_Instance: count([0, 0]),
  StatusCheckFailed_System: count([0, 0]),
  BurstCapacityTime: { unit: 'Seconds', range: [3600, 86400], alarmStatistic: 'Average' },
  BurstCapacityPercentage: { unit: 'Percent', range: [60, 100], alarmStatistic: 'Average' },
};

export const LOAD_BALANCER_METRICS: Record<string, MetricSpec> = {
  ClientTLSNegotiationErrorCount: count([0, 3]),
  HealthyHostCount: count([1, 2], 'Minimum'),
  UnhealthyHostCount: count([0, 1], 'Maximum'),
  HTTPCode_LB_4XX_Count: count([0, 20]),
  HTTPCode_LB_5XX_Count: count([0, 5]),
  HTTPCode_Instance_2XX_Count: count([100, 5000]),
  HTTPCode_Instance_3XX_Count: count([0, 200]),
  HTTPCode_Instance_4XX_Count: count([0, 100]),
  HTTPCode_Instance_5XX_Count: count([0, 10]),
  InstanceResponseTime: { unit: 'Seconds', range: [0.01, 0.5], alarmStatistic: 'Average' },
  RejectedConnectionCount: count([0, 2]),
  RequestCount: count([100, 5500]),
};

export const DISTRIBUTION_METRICS: Record<string, MetricSpec> = {
  Requests: { unit: 'None', range: [100, 10000], alarmStatistic: 'Sum' },
  BytesDownloaded: { unit: 'None', range: [1e6, 1e9], alarmStatistic: 'Sum' },
  BytesUploaded: { unit: 'None', range: [0, 1e6], alarmStatistic: 'Sum' },
  TotalErrorRate: { unit: 'Percent', range: [0, 5], alarmStatistic: 'Average' },
  Http4xxErrorRate: { unit: 'Percent', range: [0, 4], alarmStatistic: 'Average' },
  Http5xxErrorRate: { unit: 'Percent', range: [0, 1], alarmStatistic: 'Average' },
};

export const BUCKET_METRICS: Record<string, MetricSpec> = {
  BucketSizeBytes: { unit: 'Bytes', range: [0, 1e9], alarmStatistic: 'Average' },
  NumberOfObjects: count([0, 10000], 'Average'),
};

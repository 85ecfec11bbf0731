import { metricDatapoints } from '../metric-data';
import { ALARM_METRICS } from './alarm-params';
import type { AlarmState, StoredAlarm } from './types';

/**
 * An alarm's state, derived on read like every state of the emulator: the alarm evaluates the
 * emulator's deterministic metric data (metric-data.ts) over its last `evaluationPeriods`
 * five-minute periods, as CloudWatch would, unless TestAlarm set a state that still holds.
 */

/** Lightsail alarms evaluate five-minute periods. */
export const ALARM_PERIOD_SECONDS = 300;

function breaches(alarm: StoredAlarm, value: number): boolean {
  switch (alarm.comparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'LessThanThreshold':
      return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.threshold;
  }
}

/** The unit, range and statistic of the metric the alarm watches. */
export function alarmMetricSpec(alarm: StoredAlarm) {
  return ALARM_METRICS[alarm.monitoredResource.resourceType][alarm.metricName]!;
}

export function alarmState(alarm: StoredAlarm, now: number): AlarmState {
  if (alarm.test && now < alarm.test.untilAtMs) return alarm.test.state;
  const spec = alarmMetricSpec(alarm);
  const periodMs = ALARM_PERIOD_SECONDS * 1000;
  const datapoints = metricDatapoints(
    {
      metricName: alarm.metricName,
      periodSeconds: ALARM_PERIOD_SECONDS,
      startMs: now - alarm.evaluationPeriods * periodMs,
      endMs: now,
      statistics: [spec.alarmStatistic],
    },
    {
      resourceKey: alarm.monitoredResource.arn,
      sinceMs: alarm.monitoredResource.createdAtMs,
      nowMs: now,
      unit: spec.unit,
      range: spec.range,
    },
  ).slice(-alarm.evaluationPeriods);
  const field = spec.alarmStatistic === 'SampleCount' ? 'sampleCount' : spec.alarmStatistic.toLowerCase();
  const values = datapoints.map((d) => (d as Record<string, unknown>)[field] as number);
  const missing = alarm.evaluationPeriods - values.length;
  let breaching = values.filter((v) => breaches(alarm, v)).length;
  if (values.length === 0 && (alarm.treatMissingData === 'missing' || alarm.treatMissingData === 'ignore')) {
    return 'INSUFFICIENT_DATA';
  }
  if (alarm.treatMissingData === 'breaching') breaching += missing;
  return breaching >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
}

import { ALARM_PERIOD_SECONDS, alarmState, alarmMetricSpec } from './alarm-state';
import type { StoredAlarm, StoredContactMethod } from './types';

/** Alarms and contact methods as Lightsail shows them; both are regional (zone "all"). */

export function alarmView(a: StoredAlarm, region: string, now: number) {
  const spec = alarmMetricSpec(a);
  return {
    arn: a.arn,
    comparisonOperator: a.comparisonOperator,
    contactProtocols: a.contactProtocols,
    createdAt: a.createdAtMs / 1000,
    datapointsToAlarm: a.datapointsToAlarm,
    evaluationPeriods: a.evaluationPeriods,
    location: { availabilityZone: 'all', regionName: region },
    metricName: a.metricName,
    monitoredResourceInfo: {
      arn: a.monitoredResource.arn,
      name: a.monitoredResource.name,
      resourceType: a.monitoredResource.resourceType,
    },
    name: a.name,
    notificationEnabled: a.notificationEnabled,
    notificationTriggers: a.notificationTriggers,
    period: ALARM_PERIOD_SECONDS,
    resourceType: 'Alarm',
    state: alarmState(a, now),
    statistic: spec.alarmStatistic,
    supportCode: a.supportCode,
    threshold: a.threshold,
    treatMissingData: a.treatMissingData,
    unit: spec.unit,
  };
}

export function contactMethodView(c: StoredContactMethod, region: string, now: number) {
  return {
    arn: c.arn,
    contactEndpoint: c.contactEndpoint,
    createdAt: c.createdAtMs / 1000,
    location: { availabilityZone: 'all', regionName: region },
    name: c.name,
    protocol: c.protocol,
    resourceType: 'ContactMethod',
    status: now >= c.verifiedAtMs ? 'Valid' : 'PendingVerification',
    supportCode: c.supportCode,
  };
}

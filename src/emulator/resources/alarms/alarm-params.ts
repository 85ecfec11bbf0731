import { invalidInput, notFound } from '../../errors';
import type { ActionContext } from '../../registry';
import type { StoredBase } from '../../state';
import { requireName, requireOneOf, requireString, type Params } from '../../validation';
import { asText } from '../domains/common';
import type { MetricSpec } from '../metric-data';
import { INSTANCE_METRICS, LOAD_BALANCER_METRICS } from '../metric-specs';
import {
  ALARM_STATES,
  COMPARISON_OPERATORS,
  CONTACT_PROTOCOLS,
  TREAT_MISSING_DATA,
  type MonitoredResourceType,
  type StoredAlarm,
} from './types';

/** PutAlarm's parameters, checked as the API reference gives them. */

/** The metrics an alarm can watch, by monitored resource type. */
export const ALARM_METRICS: Record<MonitoredResourceType, Record<string, MetricSpec>> = {
  Instance: INSTANCE_METRICS,
  LoadBalancer: LOAD_BALANCER_METRICS,
};

/** Each evaluation period is five minutes; at most 288 of them (24 hours). */
const MAX_EVALUATION_PERIODS = 288;
/** "You can configure up to two alarms per metric." */
const MAX_ALARMS_PER_METRIC = 2;

function monitoredResource(ctx: ActionContext, name: string): StoredAlarm['monitoredResource'] {
  const instance = ctx.store.instances[name];
  if (instance)
    return { name, arn: instance.arn, resourceType: 'Instance', createdAtMs: instance.createdAtMs };
  const lb = ctx.store.loadBalancers[name];
  if (lb) return { name, arn: lb.arn, resourceType: 'LoadBalancer', createdAtMs: lb.createdAtMs };
  throw notFound(
    `The monitoredResourceName ${name} is not an instance or load balancer in ${ctx.region}; only those can be monitored.`,
  );
}

function integerParam(params: Params, field: string, min: number, max: number): number | undefined {
  const value = params[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(`${field} must be an integer from ${min} to ${max}; got ${asText(value)}.`);
  }
  return value;
}

function enumListParam<T extends string>(
  params: Params,
  field: string,
  allowed: readonly T[],
): T[] | undefined {
  const value = params[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw invalidInput(`The ${field} parameter must be a list of ${allowed.join(', ')}.`);
  return [...new Set(value.map((v) => requireOneOf(field, asText(v), allowed)))];
}

/** The configuration PutAlarm stores, everything but the resource fields. */
export type AlarmConfig = Omit<StoredAlarm, keyof StoredBase | 'test'>;

export function alarmConfigParams(ctx: ActionContext, params: Params, alarmName: string): AlarmConfig {
  const resource = monitoredResource(ctx, requireName(params, 'monitoredResourceName'));
  const metrics = ALARM_METRICS[resource.resourceType];
  const metricName = requireString(params, 'metricName');
  if (!metrics[metricName]) {
    throw invalidInput(
      `metricName ${metricName} is not a metric of ${resource.resourceType} resources; use one of ${Object.keys(metrics).join(', ')}.`,
    );
  }
  const sameMetric = Object.values(ctx.store.alarms).filter(
    (a) => a.name !== alarmName && a.monitoredResource.arn === resource.arn && a.metricName === metricName,
  );
  if (sameMetric.length >= MAX_ALARMS_PER_METRIC) {
    throw invalidInput(
      `${resource.name} already has ${MAX_ALARMS_PER_METRIC} alarms on metricName ${metricName}, the limit.`,
    );
  }
  const comparisonOperator = requireOneOf(
    'comparisonOperator',
    requireString(params, 'comparisonOperator'),
    COMPARISON_OPERATORS,
  );
  const threshold = params.threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    throw invalidInput('The threshold parameter is required and must be a number.');
  }
  const evaluationPeriods = integerParam(params, 'evaluationPeriods', 1, MAX_EVALUATION_PERIODS);
  if (evaluationPeriods === undefined) {
    throw invalidInput(
      `The evaluationPeriods parameter is required: an integer from 1 to ${MAX_EVALUATION_PERIODS}.`,
    );
  }
  const datapointsToAlarm =
    integerParam(params, 'datapointsToAlarm', 1, MAX_EVALUATION_PERIODS) ?? evaluationPeriods;
  if (datapointsToAlarm > evaluationPeriods) {
    throw invalidInput(
      `datapointsToAlarm (${datapointsToAlarm}) must not exceed evaluationPeriods (${evaluationPeriods}).`,
    );
  }
  const treatMissing = params.treatMissingData;
  const treatMissingData =
    treatMissing === undefined || treatMissing === null
      ? 'missing'
      : requireOneOf('treatMissingData', asText(treatMissing), TREAT_MISSING_DATA);
  const contactProtocols = enumListParam(params, 'contactProtocols', CONTACT_PROTOCOLS) ?? [];
  const enabled = params.notificationEnabled;
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') {
    throw invalidInput('The notificationEnabled parameter must be a boolean.');
  }
  const notificationEnabled = enabled ?? true;
  const notificationTriggers = enumListParam(params, 'notificationTriggers', ALARM_STATES) ?? ['ALARM'];
  if (notificationTriggers.length > 0 && !notificationTriggers.includes('ALARM')) {
    throw invalidInput(
      'notificationTriggers must include ALARM; OK and INSUFFICIENT_DATA can be added to it.',
    );
  }
  if (notificationEnabled) {
    const unconfigured = contactProtocols.filter((p) => !ctx.store.contactMethods[p]);
    if (unconfigured.length > 0) {
      throw invalidInput(
        `contactProtocols names ${unconfigured.join(', ')} but ${ctx.region} has no such contact method; create it with CreateContactMethod first.`,
      );
    }
  }
  return {
    monitoredResource: resource,
    metricName,
    comparisonOperator,
    threshold,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData,
    contactProtocols,
    notificationEnabled,
    notificationTriggers,
  };
}

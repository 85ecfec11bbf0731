import { invalidInput } from '../errors';
import type { Params } from '../validation';
import { requireOneOf, requireString, requireTimestampMs } from '../validation';

/**
 * Metric datapoints for the Get*MetricData actions. The emulator measures nothing, so values are
 * a deterministic function of the resource, the metric and the time: the same request always
 * gets the same answer, and the shape (periods, statistics, unit) is the service's.
 */

const STATISTICS = ['Minimum', 'Maximum', 'Sum', 'Average', 'SampleCount'] as const;
/** The units a Get*MetricData request may name (the reference's enumeration). */
export const METRIC_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

/**
 * What the emulator answers for one metric: the unit Lightsail publishes it in, the range its
 * values lie in, and the statistic an alarm on it evaluates.
 */
export interface MetricSpec {
  unit: (typeof METRIC_UNITS)[number];
  range: [number, number];
  alarmStatistic: (typeof STATISTICS)[number];
}

/** Lightsail answers at most this many datapoints in one call. */
const MAX_DATAPOINTS = 1440;

export interface MetricRequest {
  metricName: string;
  periodSeconds: number;
  startMs: number;
  endMs: number;
  statistics: (typeof STATISTICS)[number][];
}

/** Checks the parameters every Get*MetricData action shares; `metricNames` are the action's. */
export function metricRequestParam(params: Params, metricNames: readonly string[]): MetricRequest {
  const metricName = requireOneOf('metricName', requireString(params, 'metricName'), metricNames);
  const period = params.period;
  if (
    typeof period !== 'number' ||
    !Number.isInteger(period) ||
    period < 60 ||
    period > 86400 ||
    period % 60 !== 0
  ) {
    throw invalidInput('period must be a multiple of 60 seconds, from 60 to 86400.');
  }
  const startMs = requireTimestampMs(params, 'startTime');
  const endMs = requireTimestampMs(params, 'endTime');
  if (startMs >= endMs) throw invalidInput('startTime must be before endTime.');
  const raw = params.statistics;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw invalidInput(`statistics is required: a list of ${STATISTICS.join(', ')}.`);
  }
  const statistics = raw.map((s) => requireOneOf('statistics', String(s), STATISTICS));
  if ((endMs - startMs) / (period * 1000) > MAX_DATAPOINTS) {
    throw invalidInput(
      `The request asks for more than ${MAX_DATAPOINTS} datapoints; use a longer period or a shorter time span.`,
    );
  }
  return { metricName, periodSeconds: period, startMs, endMs, statistics };
}

/**
 * The whole answer of a Get*MetricData action whose request names a `unit`: the unit must be one
 * of the reference's and the one the metric is published in (Lightsail has no conversions).
 */
export function metricDataAnswer(
  params: Params,
  specs: Record<string, MetricSpec>,
  resource: { arn: string; createdAtMs: number },
  nowMs: number,
) {
  const request = metricRequestParam(params, Object.keys(specs));
  const spec = specs[request.metricName]!;
  const unit = requireOneOf('unit', requireString(params, 'unit'), METRIC_UNITS);
  if (unit !== spec.unit) {
    throw invalidInput(`The unit of ${request.metricName} is ${spec.unit}; the request asked for ${unit}.`);
  }
  return {
    metricName: request.metricName,
    metricData: metricDatapoints(request, {
      resourceKey: resource.arn,
      sinceMs: resource.createdAtMs,
      nowMs,
      unit: spec.unit,
      range: spec.range,
    }),
  };
}

/** A stable pseudo-random number in [0, 1) for a key. */
function noise(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}

/**
 * One datapoint per period, aligned to the period as CloudWatch does, from the period holding the
 * later of `startMs` and the resource's creation up to the earlier of `endMs` and now; each value
 * lies in [low, high) for the resource and metric.
 */
export function metricDatapoints(
  request: MetricRequest,
  options: { resourceKey: string; sinceMs: number; nowMs: number; unit: string; range: [number, number] },
) {
  const periodMs = request.periodSeconds * 1000;
  const first = Math.floor(Math.max(request.startMs, options.sinceMs) / periodMs) * periodMs;
  const last = Math.min(request.endMs, options.nowMs);
  const [low, high] = options.range;
  const datapoints = [];
  for (let t = first; t < last; t += periodMs) {
    const key = `${options.resourceKey}/${request.metricName}/${t}`;
    const average = low + (high - low) * noise(key);
    const minimum = low + (average - low) * noise(`${key}/min`);
    const maximum = average + (high - average) * noise(`${key}/max`);
    const sampleCount = Math.max(1, Math.round(request.periodSeconds / 60));
    const values: Record<string, number> = {
      average,
      maximum,
      minimum,
      sampleCount,
      sum: average * sampleCount,
    };
    datapoints.push({
      ...Object.fromEntries(
        request.statistics.map((s) => {
          const field = s === 'SampleCount' ? 'sampleCount' : s.toLowerCase();
          return [field, values[field]];
        }),
      ),
      timestamp: t / 1000,
      unit: options.unit,
    });
  }
  return datapoints;
}

import type { ClientInterceptors } from '@temporalio/client';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { activeTracing } from './tracing';

/**
 * What a worker adds for tracing when the process traces (tracing.ts): a span for each activity,
 * the parent of its Lightsail calls' spans, and the sink that carries the workflow spans out of
 * the sandbox. Without tracing, no interceptor, and a sink that drops whatever a traced run
 * sends, so such a run on this worker is not an error.
 */
export function tracingWorkerOptions(): {
  activity: ActivityInterceptorsFactory[];
  sinks: InjectedSinks<OpenTelemetrySinks>;
} {
  const tracing = activeTracing();
  if (!tracing) return { activity: [], sinks: { exporter: { export: { fn: () => undefined } } } };
  return { activity: tracing.activityInterceptors, sinks: { exporter: tracing.workflowExporter } };
}

/** A client's interceptors: a span for each start, signal, update and query, and its context in the headers. */
export function tracingClientInterceptors(): ClientInterceptors | undefined {
  return activeTracing()?.clientInterceptors();
}

import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { activeTracing } from './tracing';

/**
 * What a worker adds for tracing when the process traces (src/observability/tracing.ts): a span
 * for each activity, the parent of its Lightsail calls' spans, and the sink that carries the
 * workflow spans out of the sandbox. Without tracing, no interceptor, and a sink that drops
 * whatever a traced run sends, so such a run on this worker is not an error.
 */
export function tracingWorkerOptions(): {
  activity: ActivityInterceptorsFactory[];
  sinks: InjectedSinks<OpenTelemetrySinks>;
} {
  const tracing = activeTracing();
  if (!tracing) return { activity: [], sinks: { exporter: { export: { fn: () => undefined } } } };
  return {
    activity: [
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    sinks: { exporter: makeWorkflowExporter(tracing.processor, tracing.resource) },
  };
}

/** A client's interceptors: a span for each start, signal, update and query, and its context in the headers. */
export function tracingClientInterceptors(): ClientInterceptors | undefined {
  return activeTracing() ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { TracingParts } from './tracing';

/**
 * The OpenTelemetry SDK and Temporal's interceptors, loaded only when tracing is on (tracing.ts
 * imports this module on demand): together they take over 100 ms to load, which every CLI
 * command would otherwise pay with tracing off.
 */
export function otlpSpanProcessor(): SpanProcessor {
  return new BatchSpanProcessor(new OTLPTraceExporter());
}

/** Registers a tracer provider for the process (context across awaits, W3C trace context). */
export function registerProvider(processor: SpanProcessor, serviceName: string): TracingParts {
  const resource = new Resource({ 'service.name': serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return {
    shutdown: () => provider.shutdown(),
    // The activity's span is the parent of the spans of the Lightsail calls it makes.
    activityInterceptors: [
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    workflowExporter: makeWorkflowExporter(processor, resource),
    clientInterceptors: () => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] }),
  };
}

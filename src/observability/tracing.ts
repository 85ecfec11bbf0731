import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** Tracing turned on for this process: where spans go and what they say they come from. */
export interface Tracing {
  processor: SpanProcessor;
  resource: Resource;
  /** Sends what is still buffered and turns tracing off again. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** The process's tracing, if it was started; the worker and the client read it when they are made. */
export function activeTracing(): Tracing | undefined {
  return active;
}

/**
 * Tracing over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set, with
 * the exporter's standard variables (headers, timeout, OTEL_SERVICE_NAME); otherwise nothing at
 * all: no provider, no interceptors, and every span the code opens is a no-op.
 */
export function startTracingFromEnv(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  return startTracing(new BatchSpanProcessor(new OTLPTraceExporter()), env.OTEL_SERVICE_NAME);
}

/**
 * Registers a tracer provider for the process (context kept across awaits, W3C trace context)
 * sending spans to `processor`. Tests pass an in-memory exporter's processor.
 */
export function startTracing(processor: SpanProcessor, serviceName = 'lightsail-flows'): Tracing {
  if (active) throw new Error('Tracing is already started in this process');
  const resource = new Resource({ 'service.name': serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const tracing: Tracing = {
    processor,
    resource,
    async shutdown() {
      if (active !== tracing) return;
      active = undefined;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  active = tracing;
  return tracing;
}

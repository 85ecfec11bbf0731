import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ClientInterceptors } from '@temporalio/client';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSink } from '@temporalio/worker';

/** What a traced process gives its workers and clients (made in tracing-provider.ts). */
export interface TracingParts {
  shutdown(): Promise<void>;
  activityInterceptors: ActivityInterceptorsFactory[];
  workflowExporter: InjectedSink<OpenTelemetryWorkflowExporter>;
  clientInterceptors(): ClientInterceptors;
}

/** Tracing turned on for this process. */
export interface Tracing extends TracingParts {
  /** Sends what is still buffered and turns tracing off again. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/**
 * tracing-provider.ts, loaded on first use only. A require, not import(): the sources run as
 * CommonJS through tsx, whose hook a native dynamic import() would bypass.
 */
function provider(): typeof import('./tracing-provider') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./tracing-provider') as typeof import('./tracing-provider');
}

/** The process's tracing, if it was started; the worker and the client read it when they are made. */
export function activeTracing(): Tracing | undefined {
  return active;
}

/**
 * Tracing over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set, with
 * the exporter's standard variables (headers, timeout, OTEL_SERVICE_NAME); otherwise nothing at
 * all: the SDK is not even loaded, no interceptor is added, and every span the code opens is a
 * no-op.
 */
export function startTracingFromEnv(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  return startTracing(provider().otlpSpanProcessor(), env.OTEL_SERVICE_NAME);
}

/** Tracing for the process, sending spans to `processor`; tests pass an in-memory exporter's. */
export function startTracing(processor: SpanProcessor, serviceName = 'lightsail-flows'): Tracing {
  if (active) throw new Error('Tracing is already started in this process');
  const parts = provider().registerProvider(processor, serviceName);
  const tracing: Tracing = {
    ...parts,
    async shutdown() {
      if (active !== tracing) return;
      active = undefined;
      await parts.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  active = tracing;
  return tracing;
}

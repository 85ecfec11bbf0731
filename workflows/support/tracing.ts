import type * as OpenTelemetryInterceptors from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type {
  Headers,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** The header the OpenTelemetry client interceptor puts its trace context in. */
const TRACE_HEADER = '_tracer-data';

/**
 * OpenTelemetry's workflow interceptors, for runs whose start carried a trace context: a client
 * with tracing on (the CLI or the API with OTEL_EXPORTER_OTLP_ENDPOINT set) started them. Any
 * other run (tracing off, a run started before tracing existed, a schedule's) passes straight
 * through, so it costs nothing and replays exactly as it was recorded: the interceptors add
 * spans and headers, never commands. The spans leave the sandbox through the `exporter` sink
 * (src/observability/tracing-worker.ts).
 */
export const interceptors: WorkflowInterceptorsFactory = () => {
  let traced:
    | {
        inbound: OpenTelemetryInterceptors.OpenTelemetryInboundInterceptor;
        outbound: OpenTelemetryInterceptors.OpenTelemetryOutboundInterceptor;
        internals: OpenTelemetryInterceptors.OpenTelemetryInternalsInterceptor;
      }
    | undefined;
  const start = (headers: Headers) => {
    if (!traced && headers[TRACE_HEADER] !== undefined) {
      // Loaded by traced runs alone: OpenTelemetry's modules are 0.2 MiB and 2 ms for each run
      // the worker keeps in memory (workflows/index.ts says why each run pays for what it loads).
      const {
        OpenTelemetryInboundInterceptor,
        OpenTelemetryInternalsInterceptor,
        OpenTelemetryOutboundInterceptor,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
      } = require('@temporalio/interceptors-opentelemetry/lib/workflow') as typeof OpenTelemetryInterceptors;
      traced = {
        inbound: new OpenTelemetryInboundInterceptor(),
        outbound: new OpenTelemetryOutboundInterceptor(),
        internals: new OpenTelemetryInternalsInterceptor(),
      };
    }
  };
  const inbound: WorkflowInboundCallsInterceptor = {
    execute(input, next) {
      start(input.headers);
      return traced ? traced.inbound.execute(input, next) : next(input);
    },
    handleSignal: (input, next) => (traced ? traced.inbound.handleSignal(input, next) : next(input)),
    handleUpdate: (input, next) => (traced ? traced.inbound.handleUpdate(input, next) : next(input)),
    validateUpdate: (input, next) => (traced ? traced.inbound.validateUpdate(input, next) : next(input)),
    handleQuery: (input, next) => (traced ? traced.inbound.handleQuery(input, next) : next(input)),
  };
  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (traced ? traced.outbound.scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) =>
      traced ? traced.outbound.scheduleLocalActivity(input, next) : next(input),
    startChildWorkflowExecution: (input, next) =>
      traced ? traced.outbound.startChildWorkflowExecution(input, next) : next(input),
    continueAsNew: (input, next) => (traced ? traced.outbound.continueAsNew(input, next) : next(input)),
    signalWorkflow: (input, next) => (traced ? traced.outbound.signalWorkflow(input, next) : next(input)),
    getLogAttributes: (input, next) => (traced ? traced.outbound.getLogAttributes(input, next) : next(input)),
  };
  const internals: WorkflowInternalsInterceptor = {
    dispose(input, next) {
      // OpenTelemetry's is declared async but does its work before its first await.
      if (traced) void traced.internals.dispose(input, next);
      else next(input);
    },
  };
  return { inbound: [inbound], outbound: [outbound], internals: [internals] };
};

import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { InitializeMiddleware, MetadataBearer, Pluggable } from '@smithy/types';
import { classifyLightsailError } from '../lightsail/errors';
import { lightsailCallDuration, lightsailCalls } from './worker-metrics';

export type CallOutcome = 'ok' | 'throttled' | 'retried' | 'failed';

/** The outcome label of a failed call: what happens next, as the error classification decides. */
export function failedCallOutcome(err: unknown): Exclude<CallOutcome, 'ok'> {
  const c = classifyLightsailError(err);
  if (c.type === 'ThrottlingException') return 'throttled';
  return c.retryable ? 'retried' : 'failed';
}

/**
 * Observes every Lightsail call a client sends, wherever in the code it is sent: a count by
 * region, action and outcome, its duration, and a client span (a child of the activity's span
 * when tracing is on; without a tracer provider the span is a no-op). It sits at the start of
 * the SDK's stack, so one observed call covers pacing and the SDK's own retries.
 */
export function lightsailCallObserver(region: string): Pluggable<object, MetadataBearer> {
  const observe: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const action = context.commandName?.replace(/Command$/, '') ?? 'unknown';
    const started = performance.now();
    // Looked up per call, not once: tracing may be turned on after this module loads (tests).
    const span = trace.getTracer('lightsail-flows').startSpan(`Lightsail.${action}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'rpc.system': 'aws-api',
        'rpc.service': 'Lightsail',
        'rpc.method': action,
        'cloud.region': region,
      },
    });
    const end = (outcome: CallOutcome, requestId: string | undefined) => {
      lightsailCalls.inc({ region, action, outcome });
      lightsailCallDuration.observe({ region, action }, (performance.now() - started) / 1000);
      span.setAttribute('lightsail_flows.outcome', outcome);
      if (requestId) span.setAttribute('aws.request_id', requestId);
      span.end();
    };
    try {
      const out = await next(args);
      end('ok', (out.output as Partial<MetadataBearer>).$metadata?.requestId);
      return out;
    } catch (err) {
      const meta = (err as Partial<MetadataBearer> | undefined)?.$metadata;
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).name });
      end(failedCallOutcome(err), meta?.requestId);
      throw err;
    }
  };
  return {
    applyToStack: (stack) =>
      stack.add(observe, { step: 'initialize', priority: 'high', name: 'lightsailFlowsCallObserver' }),
  };
}

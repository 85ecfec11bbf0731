import { context, ROOT_CONTEXT, trace, type Link, type SpanContext } from '@opentelemetry/api';

/** The span of the activity waiting, to link a watcher round to; undefined when not traced. */
export function currentSpanContext(): SpanContext | undefined {
  return trace.getSpanContext(context.active());
}

/**
 * Runs `fn` in a context that holds only `spanContext` (the waiting activity's trace and span
 * ids), so that a watcher started in it links its rounds to that span without keeping the span,
 * or anything else of the caller's context, alive for as long as the wait lasts.
 */
export function withSpanContextOnly<T>(spanContext: SpanContext | undefined, fn: () => T): T {
  return spanContext ? context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), fn) : fn();
}

/**
 * Runs one watcher round in a span of its own, a new root linked to the span of every activity
 * it reads operations for: a round serves many runs at once, so its calls belong to none of
 * their traces, and each of those traces can reach the rounds that served it through the links.
 * The round's Lightsail calls are children of this span. A no-op without tracing.
 */
export async function inWatcherRound<T>(
  region: string,
  waitingOn: (SpanContext | undefined)[],
  fn: () => Promise<T>,
): Promise<T> {
  const links: Link[] = waitingOn.flatMap((c) => (c ? [{ context: c }] : []));
  const span = trace
    .getTracer('lightsail-flows')
    .startSpan(
      'OperationWatcher.round',
      { root: true, links, attributes: { 'cloud.region': region } },
      ROOT_CONTEXT,
    );
  try {
    return await context.with(trace.setSpan(ROOT_CONTEXT, span), fn);
  } finally {
    span.end();
  }
}

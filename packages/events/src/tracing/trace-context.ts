import {
  type Context,
  createTraceState,
  isSpanContextValid,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import { formatTraceparent, parseTraceparent } from './traceparent.ts';

/** The trace fields of an envelope (envelope revision 2, docs/events.md). */
export interface EventTraceContext {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The trace context of the active span, as envelope fields; empty when there is none. Without an OpenTelemetry
 * SDK registered there never is one (the API's no-op context manager keeps no active span), so events then carry
 * no trace fields and this costs a function call.
 */
export function activeTraceContext(): EventTraceContext {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  const traceparent = formatTraceparent(spanContext);
  if (traceparent === null) return {};
  const tracestate = spanContext.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/**
 * The context to start an event's consumer span in: the producer's span as a remote parent, so the run joins the
 * trace of the call that produced its event. The root context when the event carries none (older events, cron ticks,
 * a producer without tracing).
 */
export function contextOfEvent(event: EventTraceContext): Context {
  const parts = event.traceparent ? parseTraceparent(event.traceparent) : null;
  if (!parts) return ROOT_CONTEXT;
  const spanContext: SpanContext = {
    ...parts,
    isRemote: true,
    ...(event.tracestate ? { traceState: createTraceState(event.tracestate) } : {}),
  };
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}

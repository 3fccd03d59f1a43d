import {
  type Context,
  createTraceState,
  isSpanContextValid,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import { formatTraceparent, parseTraceparent } from './traceparent.ts';

/**
 * W3C trace-context fields: those of an envelope (envelope revision 2, docs/events.md), or the `traceparent` and
 * `tracestate` headers of an HTTP request to the API.
 */
export interface EventTraceContext {
  traceparent?: string;
  tracestate?: string;
}

/** A span's W3C trace context as envelope fields; empty for an invalid span context (the no-op tracer's). */
export function traceFieldsOf(spanContext: SpanContext | undefined): EventTraceContext {
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  const traceparent = formatTraceparent(spanContext);
  if (traceparent === null) return {};
  const tracestate = spanContext.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/**
 * The trace context of the active span, as envelope fields; empty when there is none. Without an OpenTelemetry
 * SDK registered there never is one (the API's no-op context manager keeps no active span), nor in an app that
 * registers it without a context manager (the API: it passes its calls' trace context explicitly), so events then
 * carry no trace fields unless given them, and this costs a function call.
 */
export function activeTraceContext(): EventTraceContext {
  return traceFieldsOf(trace.getActiveSpan()?.spanContext());
}

/**
 * The context to start a span in that continues the trace the fields name: their span as a remote parent. An
 * event's consumer span starts in it, so the run joins the trace of the call that produced its event; the API's
 * procedure span too, so the call joins its caller's trace. The root context when there are no valid fields
 * (older events, cron ticks, a producer without tracing, a caller that sent no or a malformed header).
 */
export function contextOfTraceFields(fields: EventTraceContext): Context {
  const parts = fields.traceparent ? parseTraceparent(fields.traceparent) : null;
  if (!parts) return ROOT_CONTEXT;
  const spanContext: SpanContext = {
    ...parts,
    isRemote: true,
    ...(fields.tracestate ? { traceState: createTraceState(fields.tracestate) } : {}),
  };
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}

import type { IncomingHttpHeaders } from 'node:http';
import { type EventTraceContext, traceparentSchema, tracestateSchema } from '@fixstream/events';

/**
 * The caller's W3C trace context, from the `traceparent` and `tracestate` headers of its request, validated with
 * the schemas events carry them in. A missing or malformed `traceparent` (a version other than 00, a repeated
 * header) gives no fields: the call starts a trace of its own, it is never refused for it. A malformed
 * `tracestate` is dropped and the `traceparent` kept, as the W3C recommendation asks.
 */
export function incomingTraceOf(headers: IncomingHttpHeaders): EventTraceContext {
  if (headers.traceparent === undefined) return {};
  const traceparent = traceparentSchema.safeParse(headers.traceparent);
  if (!traceparent.success) return {};
  const tracestate = tracestateSchema.safeParse(headers.tracestate);
  return tracestate.success && tracestate.data !== ''
    ? { traceparent: traceparent.data, tracestate: tracestate.data }
    : { traceparent: traceparent.data };
}

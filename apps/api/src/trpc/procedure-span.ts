import { contextOfTraceFields, type EventTraceContext } from '@fixstream/events';
import { type Attributes, type SpanContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@fixstream/api');

/** What tRPC's `next()` resolves to, as far as the span needs it. */
type CallResult = { ok: true } | { ok: false; error: { code: string; message: string } };

/**
 * Runs one procedure call in a span named after its path (`requests.create`), which the runs and mails of its
 * events join: a child of the caller's span when the request carried a valid `traceparent` (`parent`), else the
 * root of a new trace. The span is not made active (the API has no context manager): `next` gets its context to
 * hand on. `trpc.code` is `OK` or the tRPC error code; only server-side failures (`INTERNAL_SERVER_ERROR`) mark
 * the span as an error, a refused call is the API working. A batch of calls gets a span per call. Without the
 * OpenTelemetry SDK the tracer is the API's no-op one.
 */
export async function inProcedureSpan<R extends CallResult>(
  call: { path: string; type: string; parent: EventTraceContext },
  next: (span: SpanContext) => Promise<R>,
): Promise<R> {
  const attributes: Attributes = {
    'rpc.system': 'trpc',
    'rpc.method': call.path,
    'trpc.procedure': call.path,
    'trpc.type': call.type,
  };
  const options = { kind: SpanKind.SERVER, attributes };
  const span = tracer.startSpan(call.path, options, contextOfTraceFields(call.parent));
  try {
    const result = await next(span.spanContext());
    span.setAttribute('trpc.code', result.ok ? 'OK' : result.error.code);
    if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR')
      span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
    return result;
  } finally {
    span.end();
  }
}

import { contextOfTraceFields, type EventTraceContext } from '@fixstream/events';
import { type Attributes, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@fixstream/api');

/** What tRPC's `next()` resolves to, as far as the span needs it. */
type CallResult = { ok: true } | { ok: false; error: { code: string; message: string } };

/**
 * Runs one procedure call in a span named after its path (`requests.create`), which the runs and mails of its
 * events join: a child of the caller's span when the request carried a valid `traceparent` (`parent`), else the
 * root of a new trace. `trpc.code` is `OK` or the tRPC error code; only server-side failures
 * (`INTERNAL_SERVER_ERROR`) mark the span as an error, a refused call is the API working. A batch of calls gets a
 * span per call. Without the OpenTelemetry SDK the tracer is the API's no-op one.
 */
export function inProcedureSpan<R extends CallResult>(
  call: { path: string; type: string; parent: EventTraceContext },
  next: () => Promise<R>,
): Promise<R> {
  const attributes: Attributes = {
    'rpc.system': 'trpc',
    'rpc.method': call.path,
    'trpc.procedure': call.path,
    'trpc.type': call.type,
  };
  const options = { kind: SpanKind.SERVER, attributes };
  return tracer.startActiveSpan(call.path, options, contextOfTraceFields(call.parent), async (span) => {
    try {
      const result = await next();
      span.setAttribute('trpc.code', result.ok ? 'OK' : result.error.code);
      if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR')
        span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
      return result;
    } finally {
      span.end();
    }
  });
}

import { type Attributes, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@fixstream/api');

/** What tRPC's `next()` resolves to, as far as the span needs it. */
type CallResult = { ok: true } | { ok: false; error: { code: string; message: string } };

/**
 * Runs one procedure call in a span named after its path (`requests.create`): the root of the trace its events'
 * runs and mails join. `trpc.code` is `OK` or the tRPC error code; only server-side failures
 * (`INTERNAL_SERVER_ERROR`) mark the span as an error, a refused call is the API working. A batch of calls gets a
 * span per call. Without the OpenTelemetry SDK the tracer is the API's no-op one.
 */
export function inProcedureSpan<R extends CallResult>(
  call: { path: string; type: string },
  next: () => Promise<R>,
): Promise<R> {
  const attributes: Attributes = {
    'rpc.system': 'trpc',
    'rpc.method': call.path,
    'trpc.procedure': call.path,
    'trpc.type': call.type,
  };
  return tracer.startActiveSpan(call.path, { kind: SpanKind.SERVER, attributes }, async (span) => {
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

import { trace } from '@opentelemetry/api';

/**
 * pino `mixin`: the active span's `traceId` and `spanId` on every log line written inside one, so a line leads to
 * its trace and a trace to its lines. Give it to pino only when tracing is on: without the SDK there is no active
 * span to find.
 */
export function traceLogFields(): { traceId?: string; spanId?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

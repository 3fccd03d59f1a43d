import { traceFieldsOf } from '@fixstream/events';
import type { SpanContext } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { ApiDeps } from '../deps.ts';

/**
 * The deps one procedure call works with: the process's, with the call span's trace context for the events it
 * writes (`trace`) and a logger whose lines carry the span's ids, made the first time the call logs (most never
 * do). The API registers no context manager (an AsyncLocalStorage one made every request pay async hooks on each
 * of its promises), so nothing finds the span on its own after an await: it travels here. An untraced call
 * (tracing off: the no-op span's context is invalid) gets the deps as they are, at no cost.
 */
export function callDeps(deps: ApiDeps, span: SpanContext): ApiDeps {
  const trace = traceFieldsOf(span);
  if (!trace.traceparent) return deps;
  let logger: Logger | undefined;
  return {
    ...deps,
    trace,
    get logger() {
      logger ??= deps.logger.child({ traceId: span.traceId, spanId: span.spanId });
      return logger;
    },
  };
}

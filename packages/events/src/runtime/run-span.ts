import { type Attributes, SpanKind, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '../event.ts';
import { spanAround } from '../tracing/span-around.ts';
import { contextOfTraceFields } from '../tracing/trace-context.ts';
import { isRunSleeping } from './steps/run-sleeping.ts';

const tracer = trace.getTracer('@fixstream/events');

/** What a run span names: the function and the attempt of one event's run. */
export interface RunSpanFields {
  functionId: string;
  event: EventEnvelope;
  runKey: string;
  attempt: number;
}

/**
 * Runs `handler` inside a span `run <function id>` whose parent is the event's `traceparent`, so a run (and the
 * mail it sends) shows up in the trace of the API call that produced its event. The span is active while the handler
 * runs: spans and log lines of the handler hang off it. It ends when the handler settles, however long after the
 * run's timeout that is. Without an OpenTelemetry SDK the tracer is the API's no-op one.
 */
export function inRunSpan<T>(fields: RunSpanFields, handler: () => Promise<T>): Promise<T> {
  const { functionId, event, runKey, attempt } = fields;
  const attributes: Attributes = {
    'messaging.system': 'redis',
    'messaging.operation.type': 'process',
    'messaging.destination.name': event.name,
    'messaging.message.id': event.id,
    'fixstream.function.id': functionId,
    'fixstream.event.id': event.id,
    'fixstream.event.name': event.name,
    'fixstream.run.key': runKey,
    'fixstream.run.attempt': attempt,
  };
  return tracer.startActiveSpan(
    `run ${functionId}`,
    { kind: SpanKind.CONSUMER, attributes },
    contextOfTraceFields(event),
    (span) =>
      spanAround(span, handler, {
        recordException: true,
        isFailure: (error) => {
          if (!isRunSleeping(error)) return true;
          span.setAttribute('fixstream.run.sleeping', true);
          return false;
        },
      }),
  );
}

import { type Attributes, type Context, context, SpanKind, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '../event.ts';
import { spanAround } from './span-around.ts';
import { contextOfTraceFields } from './trace-context.ts';

const tracer = trace.getTracer('@fixstream/events');

/**
 * Runs a publication (the XADDs of a batch) in a span `publish <event name>`, so a trace shows how long the call
 * that produced the events spent handing them to Redis. Its parent is the active span (a worker's run), else, for
 * a first publication, the span the events carry in their `traceparent` (the API's call, which keeps no active
 * span across awaits). The relay and operators republishing owed events get none, as does every caller when no
 * OpenTelemetry SDK is registered.
 */
export async function inPublishSpan<T>(
  events: readonly EventEnvelope[],
  options: { republished: boolean },
  publish: () => Promise<T>,
): Promise<T> {
  const parent = publishParent(events, options.republished);
  if (parent === null) return publish();
  const names = [...new Set(events.map((event) => event.name))];
  const attributes: Attributes = {
    'messaging.system': 'redis',
    'messaging.operation.type': 'send',
    'messaging.batch.message_count': events.length,
    'fixstream.event.ids': events.map((event) => event.id),
    'fixstream.event.republished': options.republished,
  };
  if (names.length === 1) attributes['messaging.destination.name'] = names[0];
  const name = names.length === 1 ? `publish ${names[0]}` : 'publish';
  return spanAround(tracer.startSpan(name, { kind: SpanKind.PRODUCER, attributes }, parent), publish);
}

/** The active span's context if one records, else that of the one span all the events name; null for neither. */
function publishParent(events: readonly EventEnvelope[], republished: boolean): Context | null {
  if (trace.getActiveSpan()?.isRecording()) return context.active();
  const first = events[0];
  if (republished || !first?.traceparent) return null;
  if (events.some((event) => event.traceparent !== first.traceparent)) return null;
  return contextOfTraceFields(first);
}

import { type Attributes, SpanKind, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '../event.ts';
import { spanAround } from './span-around.ts';

const tracer = trace.getTracer('@fixstream/events');

/**
 * Runs a publication (the XADDs of a batch) in a child span `publish <event name>` of the active span, so a trace
 * shows how long the call that produced the events spent handing them to Redis. Only a traced caller gets one:
 * the relay republishing owed events on its own schedule has no active span and records none, as does every caller
 * when no OpenTelemetry SDK is registered.
 */
export async function inPublishSpan<T>(
  events: readonly EventEnvelope[],
  options: { republished: boolean },
  publish: () => Promise<T>,
): Promise<T> {
  if (!trace.getActiveSpan()?.isRecording()) return publish();
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
  return tracer.startActiveSpan(name, { kind: SpanKind.PRODUCER, attributes }, (span) =>
    spanAround(span, publish),
  );
}

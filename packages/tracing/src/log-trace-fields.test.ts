import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, describe, expect, it } from 'vitest';
import { traceLogFields } from './log-trace-fields.ts';

const provider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())],
});
provider.register();
afterAll(() => provider.shutdown());

describe('traceLogFields', () => {
  it('gives the active span ids inside a span and nothing outside one', () => {
    expect(traceLogFields()).toEqual({});
    trace.getTracer('test').startActiveSpan('work', (span) => {
      expect(traceLogFields()).toEqual({
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
      });
      span.end();
    });
  });
});

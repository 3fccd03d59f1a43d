import { Writable } from 'node:stream';
import type { SpanContext } from '@opentelemetry/api';
import { INVALID_SPAN_CONTEXT } from '@opentelemetry/api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps.ts';
import { callDeps } from './call-deps.ts';

const span: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: 1,
};

function depsWritingTo(lines: string[]): ApiDeps {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { trace: {}, logger: pino(stream) } as unknown as ApiDeps;
}

describe('callDeps', () => {
  it("gives a traced call the span's trace context and log lines with its ids", () => {
    const lines: string[] = [];
    const deps = depsWritingTo(lines);
    const call = callDeps(deps, span);
    expect(call.trace).toEqual({ traceparent: `00-${span.traceId}-${span.spanId}-01` });
    call.logger.warn('something to note');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ traceId: span.traceId, spanId: span.spanId });
    expect(call.logger).toBe(call.logger);
    expect(deps.trace).toEqual({});
  });

  it('leaves the deps as they are for an untraced call', () => {
    const deps = depsWritingTo([]);
    expect(callDeps(deps, INVALID_SPAN_CONTEXT)).toBe(deps);
  });
});

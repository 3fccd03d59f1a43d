import { describe, expect, it } from 'vitest';
import { incomingTraceOf } from './incoming-trace.ts';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('incomingTraceOf', () => {
  it('takes a valid traceparent and its tracestate', () => {
    expect(incomingTraceOf({ traceparent, tracestate: 'congo=t61rcWkgMzE' })).toEqual({
      traceparent,
      tracestate: 'congo=t61rcWkgMzE',
    });
    expect(incomingTraceOf({ traceparent })).toEqual({ traceparent });
  });

  it.each([
    ['no header', {}],
    ['a malformed traceparent', { traceparent: 'not-a-traceparent', tracestate: 'congo=t61rcWkgMzE' }],
    ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }],
    ['another version', { traceparent: traceparent.replace(/^00/, '01') }],
    ['a repeated header, joined by node', { traceparent: `${traceparent}, ${traceparent}` }],
    ['a repeated header, as an array', { traceparent: [traceparent, traceparent] }],
  ])('gives no fields for %s: the call starts a trace of its own', (_, headers) => {
    expect(incomingTraceOf(headers)).toEqual({});
  });

  it('keeps the traceparent and drops a malformed or empty tracestate', () => {
    expect(incomingTraceOf({ traceparent, tracestate: 'a=1\u0007' })).toEqual({ traceparent });
    expect(incomingTraceOf({ traceparent, tracestate: 'x'.repeat(513) })).toEqual({ traceparent });
    expect(incomingTraceOf({ traceparent, tracestate: '' })).toEqual({ traceparent });
  });
});

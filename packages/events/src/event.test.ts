import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { requestCreated } from './catalog/request-created.event.ts';
import { decodeEntry, encodeEvent } from './codec.ts';
import { contextOfTraceFields } from './tracing/trace-context.ts';

const data = {
  requestId: '65f0c0ffee0000000000a001',
  companyId: '65f0c0ffee0000000000b001',
  type: 'corrective',
  assignedTechnicianId: '65f0c0ffee0000000000c001',
  requestedById: '65f0c0ffee0000000000d001',
} as const;
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** An envelope as a revision 1 producer wrote it: no trace fields. */
const revision1 = {
  id: '019300000000-7000-8000-000000000001',
  name: 'maintenance/request.created',
  version: 1,
  occurredAt: '2026-01-05T10:00:00.000Z',
  data,
};

describe('the envelope and its trace context', () => {
  it('accepts an event without trace fields (revision 1) and with them (revision 2)', () => {
    expect(requestCreated.envelope.parse(revision1)).toEqual(revision1);
    const traced = { ...revision1, traceparent, tracestate: 'congo=t61rcWkgMzE' };
    expect(requestCreated.envelope.parse(traced)).toEqual(traced);
  });

  it('rejects a malformed traceparent or tracestate', () => {
    for (const bad of ['00-xyz-00f067aa0ba902b7-01', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, 42]) {
      expect(requestCreated.envelope.safeParse({ ...revision1, traceparent: bad }).success).toBe(false);
    }
    expect(
      requestCreated.envelope.safeParse({ ...revision1, traceparent, tracestate: 'a\u0000' }).success,
    ).toBe(false);
  });

  it('creates events without trace fields when no span is active (no SDK registered)', () => {
    const event = requestCreated.create(data);
    expect(Object.keys(event).sort()).toEqual(['data', 'id', 'name', 'occurredAt', 'version']);
  });

  it('carries the trace context it is given (the API hands on its call span this way)', () => {
    const trace = { traceparent, tracestate: 'congo=t61rcWkgMzE' };
    expect(requestCreated.create(data, { trace })).toMatchObject(trace);
    expect(Object.keys(requestCreated.create(data, { trace: {} }))).not.toContain('traceparent');
  });

  it('travels through a stream entry, with and without its trace fields', () => {
    for (const event of [revision1, { ...revision1, traceparent, tracestate: 'congo=t61rcWkgMzE' }]) {
      const decoded = decodeEntry(encodeEvent(event));
      if (!decoded.ok) throw new Error(decoded.error);
      expect(requestCreated.envelope.parse(decoded.event)).toEqual(event);
    }
  });

  it('parents a consumer span on the event: a remote span context of its trace', () => {
    const parent = trace.getSpanContext(
      contextOfTraceFields({ traceparent, tracestate: 'congo=t61rcWkgMzE' }),
    );
    expect(parent).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
    expect(parent?.traceState?.get('congo')).toBe('t61rcWkgMzE');
    expect(trace.getSpanContext(contextOfTraceFields({}))).toBeUndefined();
    expect(contextOfTraceFields({})).toBe(context.active());
  });
});

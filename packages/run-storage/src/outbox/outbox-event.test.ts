import { Mongoose, Schema } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { outboxEventSchema } from './outbox-event.ts';

const mongoose = new Mongoose();
const Aggregate = mongoose.model('OutboxEventTest', new Schema({ outbox: [outboxEventSchema] }));
const event = {
  id: '019300000000-7000-8000-000000000001',
  name: 'maintenance/request.created',
  version: 1,
  occurredAt: '2026-01-05T10:00:00.000Z',
  data: { requestId: 'r1' },
};

describe('outboxEventSchema', () => {
  it('keeps the trace fields of an event, so the relay republishes them', () => {
    const traced = {
      ...event,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'congo=t61rcWkgMzE',
    };
    expect(new Aggregate({ outbox: [traced] }).toObject().outbox[0]).toEqual(traced);
  });

  it('adds nothing to an event without them', () => {
    expect(new Aggregate({ outbox: [event] }).toObject().outbox[0]).toEqual(event);
  });
});

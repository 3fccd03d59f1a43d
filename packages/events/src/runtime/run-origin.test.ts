import { describe, expect, it } from 'vitest';
import { runOriginOf } from './run-origin.ts';

describe('runOriginOf', () => {
  it('reads the company and request of a request event', () => {
    expect(
      runOriginOf({ name: 'maintenance/request.created', data: { companyId: 'c1', requestId: 'r1' } }),
    ).toEqual({ eventName: 'maintenance/request.created', companyId: 'c1', requestId: 'r1' });
  });

  it("reads a webhook delivery's request from the event it delivers", () => {
    expect(
      runOriginOf({
        name: 'webhooks/delivery.due',
        data: { companyId: 'c1', endpointId: 'e1', source: { data: { requestId: 'r2' } } },
      }),
    ).toEqual({ eventName: 'webhooks/delivery.due', companyId: 'c1', requestId: 'r2' });
  });

  it('is null where the event has no such string', () => {
    expect(runOriginOf({ name: 'cron/x', data: { companyId: 3 } })).toEqual({
      eventName: 'cron/x',
      companyId: null,
      requestId: null,
    });
    expect(runOriginOf({})).toEqual({ eventName: '', companyId: null, requestId: null });
  });
});

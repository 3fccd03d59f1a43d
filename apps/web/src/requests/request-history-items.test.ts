import { describe, expect, it } from 'vitest';
import { historyItems } from './request-history-items.ts';

const run = (functionId: string, finishedAt: string) => ({
  id: `e1.${functionId}`,
  functionId,
  eventId: 'e1',
  eventName: 'maintenance/request.created',
  status: 'succeeded' as const,
  attempts: 1,
  durationMs: 12,
  error: null,
  finishedAt,
  requestId: 'r1',
});

describe('historyItems', () => {
  it('merges runs and webhook deliveries in the order they finished, mails named as mails', () => {
    const items = historyItems({
      eventId: 'e1',
      eventName: 'maintenance/request.created',
      occurredAt: null,
      owed: false,
      runs: [
        run('send-request-notification', '2026-11-30T10:00:03Z'),
        run('fan-out-webhooks', '2026-11-30T10:00:01Z'),
      ],
      webhookDeliveries: [
        {
          runId: 'w1.deliver-webhook',
          endpointId: 'ep1',
          status: 'dead',
          attempts: 9,
          error: 'HTTP 500',
          finishedAt: '2026-11-30T10:00:02Z',
        },
      ],
    });
    expect(items.map((item) => [item.kind, item.what])).toEqual([
      ['Job', 'fan-out-webhooks'],
      ['Webhook delivery', 'endpoint ep1'],
      ['Mail', 'send-request-notification'],
    ]);
  });
});

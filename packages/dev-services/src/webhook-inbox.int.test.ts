import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from './smtp-sink.service.ts';

let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink({ quiet: true });
});
afterAll(() => sink.stop());

function post(body: string, headers: Record<string, string>) {
  return fetch(sink.webhooks.url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('the demo webhook receiver on the mail sink', () => {
  it('accepts a webhook signed with its secret, refuses another, and lists both, newest first', async () => {
    const body = JSON.stringify({
      type: 'maintenance/request.created',
      timestamp: new Date().toISOString(),
      data: {},
    });
    const now = new Date();
    const signature = new Webhook(sink.webhooks.secret).sign('msg_good', now, body);
    const good = await post(body, {
      'webhook-id': 'msg_good',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    });
    expect(good.status).toBe(204);
    const forged = await post(body, {
      'webhook-id': 'msg_forged',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    });
    expect(forged.status).toBe(401);

    const listed = (await (await fetch(`${sink.httpUrl}/api/webhooks`)).json()) as {
      id: string;
      verified: boolean;
    }[];
    expect(listed.map((w) => [w.id, w.verified])).toEqual([
      ['msg_forged', false],
      ['msg_good', true],
    ]);
    const page = await (await fetch(`${sink.httpUrl}/webhooks`)).text();
    expect(page).toContain('Webhooks received (2)');
    expect(page).toContain('maintenance/request.created');
  });
});

import type { Mailer } from '@fixstream/emails';
import { parsePrometheusText, sampleValue } from '@fixstream/test-support';
import { describe, expect, it } from 'vitest';
import { timedMailer } from './timed-mailer.ts';
import { createWorkerMetrics } from './worker-metrics.registry.ts';

const mail = { to: 'tara@acme.example', subject: 's', html: '<p>h</p>', text: 't' };

describe('timedMailer', () => {
  it('times sends by result and passes answers and errors through', async () => {
    const metrics = createWorkerMetrics();
    let sends = 0;
    const inner: Mailer = {
      async send() {
        sends++;
        if (sends === 3) throw new Error('451 try later');
        return { messageId: '<m@x>', accepted: [mail.to], rejected: [], alreadySent: sends === 2 };
      },
      verify: async () => {},
      close: async () => {},
    };
    const mailer = timedMailer(inner, metrics);
    expect((await mailer.send(mail)).messageId).toBe('<m@x>');
    await mailer.send(mail);
    await expect(mailer.send(mail)).rejects.toThrow('451');
    const samples = parsePrometheusText(await metrics.registry.metrics());
    const count = 'fixstream_mail_send_duration_seconds_count';
    expect(sampleValue(samples, count, { result: 'sent' })).toBe(1);
    expect(sampleValue(samples, count, { result: 'deduplicated' })).toBe(1);
    expect(sampleValue(samples, count, { result: 'failed' })).toBe(1);
  });
});

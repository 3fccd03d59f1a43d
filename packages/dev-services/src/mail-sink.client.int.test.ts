import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MailSinkClient } from './mail-sink.client.ts';
import { buildMessage, sendRawMail } from './smtp-client.test-util.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.service.ts';

let sink: SmtpSink;
let client: MailSinkClient;

beforeAll(async () => {
  sink = await startSmtpSink({ quiet: true });
  client = new MailSinkClient(`${sink.httpUrl}/`);
});
afterAll(() => sink.stop());
beforeEach(() => client.clear());

function send(to: string, subject: string) {
  return sendRawMail({
    host: sink.host,
    port: sink.smtpPort,
    from: 'noreply@fixstream.test',
    to: [to],
    data: buildMessage({
      from: 'noreply@fixstream.test',
      to,
      subject,
      text: subject,
      html: `<p>${subject}</p>`,
    }),
  });
}

describe('MailSinkClient', () => {
  it('lists, filters, gets and clears', async () => {
    await send('a@example.test', 'one');
    await send('b@example.test', 'two');
    expect((await client.list()).map((mail) => mail.subject)).toEqual(['one', 'two']);
    const [forB] = await client.list({ to: 'B@example.test' });
    expect(forB?.subject).toBe('two');
    expect(await client.get(forB?.id ?? '')).toEqual(forB);
    expect(await client.get('nope')).toBeNull();
    await client.clear();
    expect(await client.list()).toEqual([]);
  });

  it('waitFor resolves once mail arriving later satisfies the predicate', async () => {
    const waiting = client.waitFor((mails) => mails.filter((mail) => mail.subject === 'late'), {
      to: 'late@example.test',
      intervalMs: 20,
    });
    await send('other@example.test', 'late');
    await send('late@example.test', 'early bird');
    await send('late@example.test', 'late');
    const found = await waiting;
    expect(found.map((mail) => [mail.to, mail.subject])).toEqual([[['late@example.test'], 'late']]);
  });

  it('waitFor returns all listed mails when the predicate answers true', async () => {
    await send('c@example.test', 'x');
    await send('c@example.test', 'y');
    const mails = await client.waitFor((list) => list.length >= 2, { to: 'c@example.test' });
    expect(mails).toHaveLength(2);
  });

  it('waitFor times out with what it saw and the last predicate error', async () => {
    await send('d@example.test', 'Your request was created');
    const failure = client.waitFor(
      (mails) => {
        expect(mails.map((mail) => mail.subject)).toContain('Your request was closed');
        return true;
      },
      { to: 'd@example.test', timeoutMs: 300, intervalMs: 50 },
    );
    await expect(failure).rejects.toThrow(
      /no matching mail to d@example\.test within 300 ms .*saw 1 mail\(s\) to d@example\.test:\n {2}#\d+ \S+ to d@example\.test: "Your request was created"\nlast error: .*Your request was closed/s,
    );
  });

  it('waitFor reports an unreachable sink', async () => {
    const dead = new MailSinkClient('http://127.0.0.1:9');
    await expect(dead.waitFor(() => true, { timeoutMs: 200 })).rejects.toThrow(
      /saw 0 mail\(s\)\.\nlast error: /,
    );
  });
});

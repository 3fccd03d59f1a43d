import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredMail } from './mail-store.ts';
import { isListening } from './readiness.ts';
import { buildMessage, sendRawMail } from './smtp-client.test-util.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.service.ts';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.stop()));
});

async function start(opts: Parameters<typeof startSmtpSink>[0] = {}): Promise<SmtpSink> {
  const sink = await startSmtpSink({ quiet: true, ...opts });
  sinks.push(sink);
  return sink;
}

function send(sink: SmtpSink, to: string[], subject: string, extra: { html?: string; auth?: boolean } = {}) {
  return sendRawMail({
    host: sink.host,
    port: sink.smtpPort,
    from: 'noreply@fixstream.test',
    to,
    auth: extra.auth ? { user: 'anyone', pass: 'anything' } : undefined,
    data: buildMessage({
      from: 'Fixstream <noreply@fixstream.test>',
      to: to[0] ?? '',
      subject,
      text: `Text of ${subject}\n.leading dot`,
      html: extra.html ?? `<p>HTML of ${subject}</p>`,
      messageId: `<${subject.replace(/\W/g, '')}@fixstream.test>`,
    }),
  });
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('startSmtpSink', () => {
  it('receives a mail and exposes it through messages() and the JSON API', async () => {
    const sink = await start();
    const reply = await send(sink, ['Tech@Example.test', 'bcc@example.test'], 'New request #42');
    expect(reply.code).toBe(250);

    const [mail] = sink.messages();
    expect(mail).toMatchObject({
      id: '1',
      messageId: '<Newrequest42@fixstream.test>',
      from: '"Fixstream" <noreply@fixstream.test>',
      to: ['tech@example.test', 'bcc@example.test'],
      subject: 'New request #42',
      html: '<p>HTML of New request #42</p>',
    });
    expect(mail?.text?.trim()).toBe('Text of New request #42\n.leading dot');
    expect(mail?.headers['x-fixstream-test']).toBe('yes, folded');
    expect(Date.parse(mail?.receivedAt ?? '')).not.toBeNaN();

    const listed = await getJson<StoredMail[]>(`${sink.httpUrl}/api/messages`);
    expect(listed).toEqual(sink.messages());
    expect(await getJson<StoredMail>(`${sink.httpUrl}/api/messages/1`)).toEqual(mail);
    expect((await fetch(`${sink.httpUrl}/api/messages/999`)).status).toBe(404);
  });

  it('accepts AUTH with any credentials, and mail without AUTH', async () => {
    const sink = await start();
    expect((await send(sink, ['a@example.test'], 'with auth', { auth: true })).code).toBe(250);
    expect((await send(sink, ['a@example.test'], 'without auth')).code).toBe(250);
    expect(sink.messages().map((mail) => mail.subject)).toEqual(['with auth', 'without auth']);
  });

  it('filters the JSON API by recipient, case-insensitively', async () => {
    const sink = await start();
    await send(sink, ['alice@example.test'], 'for alice');
    await send(sink, ['bob@example.test'], 'for bob');
    await send(sink, ['bob@example.test', 'alice@example.test'], 'for both');
    const forAlice = await getJson<StoredMail[]>(`${sink.httpUrl}/api/messages?to=ALICE%40Example.test`);
    expect(forAlice.map((mail) => mail.subject)).toEqual(['for alice', 'for both']);
    const nobody = await getJson<StoredMail[]>(`${sink.httpUrl}/api/messages?to=carol@example.test`);
    expect(nobody).toEqual([]);
  });

  it('escapes mail content in the HTML pages and sandboxes the HTML part', async () => {
    const sink = await start();
    await send(sink, ['x@example.test'], '<script>alert(1)</script>', {
      html: '<p class="a">"quoted" & <b>bold</b></p><script>alert(2)</script>',
    });
    const list = await fetch(sink.httpUrl);
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    const listHtml = await list.text();
    expect(listHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(listHtml).not.toContain('<script>');

    const page = await (await fetch(`${sink.httpUrl}/messages/1`)).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain(
      '<iframe sandbox title="HTML part" srcdoc="&lt;p class=&quot;a&quot;&gt;&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;">',
    );
    expect(page).toContain('<pre>Text of &lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await fetch(`${sink.httpUrl}/messages/42`)).status).toBe(404);
  });

  it('clears on DELETE /api/messages without reusing ids', async () => {
    const sink = await start();
    await send(sink, ['x@example.test'], 'first');
    const response = await fetch(`${sink.httpUrl}/api/messages`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await getJson<StoredMail[]>(`${sink.httpUrl}/api/messages`)).toEqual([]);
    await send(sink, ['x@example.test'], 'second');
    expect(sink.messages().map((mail) => mail.id)).toEqual(['2']);
  });

  it('drops the oldest mails beyond maxMessages', async () => {
    const sink = await start({ maxMessages: 2 });
    for (const subject of ['one', 'two', 'three']) await send(sink, ['x@example.test'], subject);
    expect(sink.messages().map((mail) => mail.subject)).toEqual(['two', 'three']);
  });

  it('stops (twice is fine) and restarts on the same ports, as an SMTP outage test does', async () => {
    const sink = await start();
    const { smtpPort, httpUrl } = sink;
    const httpPort = Number(new URL(httpUrl).port);
    await send(sink, ['x@example.test'], 'before the outage');
    await sink.stop();
    await sink.stop();
    expect(await isListening(sink.host, smtpPort)).toBe(false);
    await expect(send(sink, ['x@example.test'], 'during the outage')).rejects.toThrow(/ECONNREFUSED/);

    const again = await start({ smtpPort, httpPort });
    expect(again.httpUrl).toBe(httpUrl);
    await send(again, ['x@example.test'], 'after the outage');
    expect(again.messages().map((mail) => mail.subject)).toEqual(['after the outage']);
  });

  it('refuses the recipients a rule names, with its reply, until the rule is lifted', async () => {
    const sink = await start();
    sink.rejectRecipients((address) =>
      address === 'full@x.test' ? { code: 452, message: '4.2.2 Mailbox full' } : null,
    );
    await expect(send(sink, ['full@x.test'], 'Refused')).rejects.toThrow(
      /RCPT TO:<full@x.test>: expected 250, got 452 4.2.2 Mailbox full/,
    );
    await send(sink, ['ok@x.test'], 'Accepted');
    sink.rejectRecipients(null);
    await send(sink, ['full@x.test'], 'Accepted later');
    expect(sink.messages().map((m) => m.subject)).toEqual(['Accepted', 'Accepted later']);
  });

  it('holds the reply to a message for the delay set, keeping the mail when it answers', async () => {
    const sink = await start({ dataReplyDelayMs: 60_000 });
    // Caught at once: stopping the sink fails this send, and a rejection noticed only later counts as unhandled.
    const sending = send(sink, ['slow@x.test'], 'Slow').catch((error: Error) => error);
    await vi.waitFor(() => expect(sink.repliesHeld()).toBe(1), { timeout: 10_000, interval: 10 });
    expect(sink.messages()).toEqual([]);
    sink.delayDataReplies(null);
    await send(sink, ['fast@x.test'], 'Fast');
    expect(sink.messages().map((m) => m.subject)).toEqual(['Fast']);
    sink.delayDataReplies(50);
    const held = send(sink, ['held@x.test'], 'Held briefly');
    expect((await held).code).toBe(250);
    expect(sink.messages().map((m) => m.subject)).toEqual(['Fast', 'Held briefly']);
    expect(sink.repliesHeld()).toBe(1);
    await sink.stop();
    expect(sink.repliesHeld()).toBe(0);
    expect(await sending).toBeInstanceOf(Error);
  });

  it('holds the reply to RCPT TO for the delay set, keeping nothing until the body arrives', async () => {
    const sink = await start({ recipientReplyDelayMs: 150 });
    const started = Date.now();
    expect((await send(sink, ['slow@x.test'], 'Checked slowly')).code).toBe(250);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sink.delayRecipientReplies(60_000);
    const sending = send(sink, ['held@x.test'], 'Still waiting').catch((error: Error) => error);
    await vi.waitFor(() => expect(sink.recipientsHeld()).toBe(1), { timeout: 10_000, interval: 10 });
    expect(sink.messages().map((m) => m.subject)).toEqual(['Checked slowly']);
    await sink.stop();
    expect(await sending).toBeInstanceOf(Error);
  });

  it('fails clearly when the SMTP port is taken', async () => {
    const sink = await start();
    await expect(startSmtpSink({ quiet: true, smtpPort: sink.smtpPort })).rejects.toThrow(/EADDRINUSE/);
  });
});

import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngHeader } from './chart/png.test-util.ts';
import { CHART_WIDTH } from './chart/stage-chart.svg.ts';
import { createMailer, type Mailer, type MailerConfig } from './mailer.ts';
import {
  InvalidMailError,
  InvalidRecipientError,
  isPermanentSmtpError,
  MailerClosedError,
} from './mailer-errors.ts';
import { periodicReportMail } from './mails/periodic-report.mail.ts';
import { requestCreatedMail } from './mails/request-created.mail.ts';
import { PeriodicReportEmail } from './templates/periodic-report.email.tsx';
import { RequestCreatedEmail } from './templates/request-created.email.tsx';

type Received = { envelopeFrom: string | null; envelopeTo: string[]; raw: string; parsed: ParsedMail };

function rejection(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** A sink on a free loopback port; STARTTLS stays advertised (self-signed) to prove the mailer ignores it there. */
async function startSink() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@reject.test')) return callback(rejection('No such user', 550));
      if (address.address.endsWith('@defer.test')) return callback(rejection('Try again later', 451));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { mailFrom } = session.envelope;
        simpleParser(raw).then((parsed) => {
          received.push({
            envelopeFrom: mailFrom === false ? null : mailFrom.address,
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            parsed,
          });
          callback();
        }, callback);
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('createMailer against a local SMTP server', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  let mailer: Mailer;
  let config: MailerConfig;

  beforeAll(async () => {
    sink = await startSink();
    config = { host: '127.0.0.1', port: sink.port, from: 'fixstream <no-reply@fixstream.test>' };
    mailer = createMailer(config);
  });

  afterAll(async () => {
    await mailer?.close();
    await sink?.close();
  });

  it('verifies the connection', async () => {
    await expect(mailer.verify()).resolves.toBeUndefined();
  });

  it('delivers recipient, subject, Message-ID and both parts', async () => {
    const mail = await requestCreatedMail(RequestCreatedEmail.PreviewProps);
    const messageId = '<evt-0190a1b2c3d4.send-request-notification@fixstream.test>';
    const result = await mailer.send({
      to: 'alex@fixstream.test',
      ...mail,
      messageId,
      headers: { 'X-Fixstream-Request-Id': '665f1c2ab3e4d5f6a7b8c9d0' },
    });

    expect(result).toEqual({ messageId, accepted: ['alex@fixstream.test'], rejected: [] });
    const got = sink.received.find((m) => m.parsed.messageId === messageId);
    expect(got).toBeDefined();
    if (!got) return;
    expect(got.envelopeTo).toEqual(['alex@fixstream.test']);
    expect(got.envelopeFrom).toBe('no-reply@fixstream.test');
    expect(got.parsed.subject).toBe(mail.subject);
    expect(got.parsed.from?.value).toEqual([{ name: 'fixstream', address: 'no-reply@fixstream.test' }]);
    expect(got.parsed.headers.get('x-fixstream-request-id')).toBe('665f1c2ab3e4d5f6a7b8c9d0');
    expect(got.parsed.html).toBe(mail.html);
    expect(got.parsed.text?.trim()).toBe(mail.text.trim());
    expect(got.raw).toMatch(/Content-Type: multipart\/alternative/i);
  });

  it('sends a report with its chart as an inline related part whose Content-ID the HTML shows', async () => {
    const { chart: _preview, ...report } = PeriodicReportEmail.PreviewProps;
    const mail = await periodicReportMail(report);
    const [attached] = mail.attachments ?? [];
    if (!attached) throw new Error('the report mail has no chart');
    const messageId = '<evt-0190a1b2c3d5.send-periodic-report@fixstream.test>';
    await mailer.send({ to: 'ada@fixstream.test', ...mail, messageId });

    const got = sink.received.find((m) => m.parsed.messageId === messageId);
    if (!got) throw new Error('the sink did not receive the report');
    // multipart/alternative [text/plain, multipart/related [text/html, image/png]]
    expect(got.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(got.raw).toMatch(/Content-Type: multipart\/related; type="text\/html"/i);
    const parsed = await simpleParser(got.raw, { keepCidLinks: true });
    expect(parsed.html).toBe(mail.html);
    expect(parsed.text?.trim()).toBe(mail.text.trim());
    expect(parsed.attachments).toHaveLength(1);
    const [chart] = parsed.attachments;
    expect(chart).toMatchObject({
      related: true,
      contentDisposition: 'inline',
      contentType: 'image/png',
      filename: 'requests-per-team.png',
      cid: attached.cid,
      contentId: `<${attached.cid}>`,
    });
    expect(parsed.html).toContain(`<img src="cid:${attached.cid}"`);
    expect(chart?.content.equals(attached.content)).toBe(true);
    const { width, height } = pngHeader(chart?.content ?? Buffer.alloc(0));
    expect(width).toBe(CHART_WIDTH);
    expect(parsed.html).toContain(`width="${width}" height="${height}"`);
  });

  it('refuses an attachment whose Content-ID would break its header, before talking to the server', async () => {
    const before = sink.received.length;
    const attachment = {
      filename: 'chart.png',
      content: Buffer.from('png'),
      contentType: 'image/png',
      cid: 'chart@fixstream\r\nBcc: attacker@evil.test',
    };
    const err = await failure(
      mailer.send({ to: 'a@x.test', subject: 's', html: 'h', text: 't', attachments: [attachment] }),
    );
    expect(err).toBeInstanceOf(InvalidMailError);
    expect(sink.received.length).toBe(before);
  });

  it('keeps an injected Bcc out of the headers and the envelope', async () => {
    const before = sink.received.length;
    await mailer.send({
      to: 'alex@fixstream.test',
      subject: 'Leak\r\nBcc: attacker@evil.test',
      html: '<p>x</p>',
      text: 'x',
      headers: { 'X-Note': 'a\r\nBcc: attacker@evil.test' },
    });
    const got = sink.received[before];
    expect(got?.envelopeTo).toEqual(['alex@fixstream.test']);
    expect(got?.parsed.subject).toBe('Leak Bcc: attacker@evil.test');
    expect(got?.raw).not.toMatch(/^Bcc:/im);
    expect(got?.parsed.bcc).toBeUndefined();
  });

  it('sends the subject through headerSafe (Unicode separators, length)', async () => {
    const before = sink.received.length;
    await mailer.send({ to: 'alex@fixstream.test', subject: 'Leak\u2028\t in  hall', html: 'h', text: 't' });
    await mailer.send({ to: 'alex@fixstream.test', subject: 'x'.repeat(300), html: 'h', text: 't' });
    expect(sink.received[before]?.parsed.subject).toBe('Leak in hall');
    expect(sink.received[before + 1]?.parsed.subject).toBe(`${'x'.repeat(199)}…`);
  });

  it('sends concurrent mails through the pool', async () => {
    const before = sink.received.length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mailer.send({ to: `tech${i}@fixstream.test`, subject: `#${i}`, html: `<p>${i}</p>`, text: `${i}` }),
      ),
    );
    expect(sink.received.length - before).toBe(20);
  });

  it('rejects a bad recipient before talking to the server, as a permanent error', async () => {
    const err = await failure(mailer.send({ to: 'a@x.test, b@x.test', subject: 's', html: 'h', text: 't' }));
    expect(err).toBeInstanceOf(InvalidRecipientError);
    expect(isPermanentSmtpError(err)).toBe(true);
    const crlf = await failure(
      mailer.send({ to: 'a@x.test\r\nBcc: b@x.test', subject: 's', html: 'h', text: 't' }),
    );
    expect(crlf).toBeInstanceOf(InvalidRecipientError);
  });

  it('rejects a malformed Message-ID and reserved headers', async () => {
    const base = { to: 'a@x.test', subject: 's', html: 'h', text: 't' };
    expect(await failure(mailer.send({ ...base, messageId: 'no-brackets@x' }))).toBeInstanceOf(
      InvalidMailError,
    );
    expect(await failure(mailer.send({ ...base, messageId: '<a\r\nb@x>' }))).toBeInstanceOf(InvalidMailError);
    expect(await failure(mailer.send({ ...base, headers: { Bcc: 'x@y.test' } }))).toBeInstanceOf(
      InvalidMailError,
    );
    expect(await failure(mailer.send({ ...base, headers: { 'X-A:b': 'v' } }))).toBeInstanceOf(
      InvalidMailError,
    );
  });

  it('reports a 550 recipient rejection as permanent', async () => {
    const err = await failure(mailer.send({ to: 'nobody@reject.test', subject: 's', html: 'h', text: 't' }));
    expect(err).toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    expect(isPermanentSmtpError(err)).toBe(true);
  });

  it('reports a 451 deferral as transient', async () => {
    const err = await failure(mailer.send({ to: 'busy@defer.test', subject: 's', html: 'h', text: 't' }));
    expect(err).toMatchObject({ responseCode: 451 });
    expect(isPermanentSmtpError(err)).toBe(false);
  });

  it('waits for a send in flight, closes idempotently, then refuses to send', async () => {
    const own = createMailer(config);
    const sending = own.send({ to: 'late@fixstream.test', subject: 'in flight', html: 'h', text: 't' });
    const first = own.close();
    const second = own.close();
    expect(second).toBe(first);
    await expect(sending).resolves.toMatchObject({ accepted: ['late@fixstream.test'] });
    await first;
    await expect(own.close()).resolves.toBeUndefined();
    const err = await failure(own.send({ to: 'a@x.test', subject: 's', html: 'h', text: 't' }));
    expect(err).toBeInstanceOf(MailerClosedError);
    expect(isPermanentSmtpError(err)).toBe(false);
  });
});

describe('createMailer against a closed port', () => {
  it('fails send and verify with a transient error', async () => {
    const port = await closedPort();
    const mailer = createMailer({ host: '127.0.0.1', port, from: 'no-reply@fixstream.test' });
    try {
      const sendError = await failure(mailer.send({ to: 'a@x.test', subject: 's', html: 'h', text: 't' }));
      expect(sendError).toMatchObject({ code: expect.stringMatching(/^E(SOCKET|CONNECTION)$/) });
      expect(isPermanentSmtpError(sendError)).toBe(false);
      const verifyError = await failure(mailer.verify());
      expect(isPermanentSmtpError(verifyError)).toBe(false);
    } finally {
      await mailer.close();
      await mailer.close();
    }
  });
});

describe('createMailer configuration', () => {
  it('rejects an unusable configuration at startup', () => {
    expect(() => createMailer({ host: '', port: 25, from: 'a@x.test' })).toThrow(TypeError);
    expect(() => createMailer({ host: 'h', port: 0, from: 'a@x.test' })).toThrow(RangeError);
    expect(() => createMailer({ host: 'h', port: 25, from: 'a@x.test\r\nBcc: b@x.test' })).toThrow(TypeError);
  });
});

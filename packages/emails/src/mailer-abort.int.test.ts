import { type WaitForOptions, waitFor } from '@fixstream/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gate, startControlledSmtp } from './controlled-smtp.test-util.ts';
import { createMailer, type Mailer, type OutgoingMail } from './mailer.ts';
import { isPermanentSmtpError, MailSendCancelledError } from './mailer-errors.ts';

/** The SMTP server is local and the test holds its replies: what is awaited happens within milliseconds. */
const smtpWait: WaitForOptions = { timeoutMs: 10_000, intervalMs: 5 };

let server: Awaited<ReturnType<typeof startControlledSmtp>>;
let mailer: Mailer;
let sequence = 0;

function mail(messageId = `<m${++sequence}.abort@fixstream.test>`): OutgoingMail {
  return { to: 'tech@fixstream.test', subject: 's', html: '<p>h</p>', text: 't', messageId };
}

/** Settles the promise's state into a flag, so a test can check that a send is still waiting. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

function delivered(messageId: string): number {
  return server.state.delivered.filter((m) => m.messageId === messageId).length;
}

/** Sends a control mail and waits for it: anything queued before it on the one connection arrived by then. */
async function flush(): Promise<void> {
  const control = mail();
  await mailer.send(control);
  await waitFor(() => delivered(control.messageId as string) === 1, 'the control mail', smtpWait);
}

beforeAll(async () => {
  server = await startControlledSmtp();
  mailer = createMailer({
    host: '127.0.0.1',
    port: server.port,
    from: 'fixstream <no-reply@fixstream.test>',
    pool: { maxConnections: 1 },
  });
});

afterEach(() => {
  server.state.holdRcpt?.open();
  server.state.holdDataReply?.open();
  server.state.holdRcpt = null;
  server.state.holdDataReply = null;
});

afterAll(async () => {
  await mailer?.close();
  await server?.close();
});

describe('a send whose signal aborts', () => {
  it('before the message was handed over: rejects as cancelled (transient) and nothing is delivered', async () => {
    const held = gate();
    server.state.holdRcpt = held;
    const rcptBefore = server.state.rcptSeen;
    const closedBefore = server.state.sessionsClosed;
    const controller = new AbortController();
    const message = mail();
    const sending = mailer.send(message, { signal: controller.signal });
    await waitFor(() => server.state.rcptSeen > rcptBefore, 'the envelope to reach the server', smtpWait);

    controller.abort(new Error('run timed out'));
    const error = await sending.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MailSendCancelledError);
    expect((error as Error).message).toContain('run timed out');
    expect(isPermanentSmtpError(error)).toBe(false);

    await waitFor(
      () => server.state.sessionsClosed > closedBefore,
      'the cancelled session to close',
      smtpWait,
    );
    held.open();
    server.state.holdRcpt = null;
    await flush();
    expect(delivered(message.messageId as string)).toBe(0);
  });

  it('after the body was handed over: waits for the server and resolves with its 250, one mail', async () => {
    const held = gate();
    server.state.holdDataReply = held;
    const bodiesBefore = server.state.bodiesReceived;
    const controller = new AbortController();
    const message = mail();
    const sending = mailer.send(message, { signal: controller.signal });
    const state = track(sending);
    await waitFor(() => server.state.bodiesReceived > bodiesBefore, 'the body to reach the server', smtpWait);

    controller.abort(new Error('worker is stopping'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.settled).toBe(false);
    held.open();

    await expect(sending).resolves.toMatchObject({
      messageId: message.messageId,
      accepted: ['tech@fixstream.test'],
    });
    expect(delivered(message.messageId as string)).toBe(1);
  });

  it('already aborted when called: sends nothing', async () => {
    const message = mail();
    await expect(
      mailer.send(message, { signal: AbortSignal.abort(new Error('late')) }),
    ).rejects.toBeInstanceOf(MailSendCancelledError);
    await flush();
    expect(delivered(message.messageId as string)).toBe(0);
  });
});

describe('waiting for a connection', () => {
  it('is cancellable: a waiting send leaves the line and is never sent, the others go on', async () => {
    const held = gate();
    server.state.holdDataReply = held;
    const bodiesBefore = server.state.bodiesReceived;
    const first = mail();
    const firstSending = mailer.send(first);
    await waitFor(() => server.state.bodiesReceived > bodiesBefore, 'the first body', smtpWait);

    const controller = new AbortController();
    const waiting = mail();
    const waitingSending = mailer.send(waiting, { signal: controller.signal });
    controller.abort(new Error('run timed out'));
    await expect(waitingSending).rejects.toBeInstanceOf(MailSendCancelledError);

    held.open();
    await expect(firstSending).resolves.toMatchObject({ accepted: ['tech@fixstream.test'] });
    await flush();
    expect(delivered(first.messageId as string)).toBe(1);
    expect(delivered(waiting.messageId as string)).toBe(0);
  });
});

describe('sends of one Message-ID', () => {
  it('join the delivery in flight, and a later one is answered from the late delivery without sending', async () => {
    const held = gate();
    server.state.holdDataReply = held;
    const bodiesBefore = server.state.bodiesReceived;
    const message = mail();
    const timedOut = new AbortController();
    const firstAttempt = mailer.send(message, { signal: timedOut.signal });
    await waitFor(() => server.state.bodiesReceived > bodiesBefore, 'the body', smtpWait);
    timedOut.abort(new Error('run timed out'));

    const retry = new AbortController();
    const secondAttempt = mailer.send(message, { signal: retry.signal });
    retry.abort(new Error('retry timed out too'));
    held.open();
    await expect(firstAttempt).resolves.toMatchObject({ accepted: ['tech@fixstream.test'] });
    await expect(secondAttempt).resolves.toMatchObject({ alreadySent: true });

    const thirdAttempt = await mailer.send(message, { signal: new AbortController().signal });
    expect(thirdAttempt).toMatchObject({ messageId: message.messageId, alreadySent: true });
    await flush();
    expect(delivered(message.messageId as string)).toBe(1);
  });

  it('are sent again once the earlier one failed or settled in time', async () => {
    const message = mail();
    await mailer.send(message);
    const again = await mailer.send(message);
    expect(again.alreadySent).toBeUndefined();
    await waitFor(() => delivered(message.messageId as string) === 2, 'both mails', smtpWait);
  });
});

import type { Database } from '@fixstream/db';
import { type Mailer, MailSendCancelledError, type SendOptions, type SendResult } from '@fixstream/emails';
import { PermanentError } from '@fixstream/events';
import { describe, expect, it } from 'vitest';
import { type FunctionDeps, type MailRun, sendMail } from './function-deps.ts';

const mail = { to: 'tech@acme.test', subject: 's', html: 'h', text: 't', messageId: '<run@acme.test>' };

function setup(send: (options: SendOptions | undefined) => Promise<SendResult>) {
  const seen: SendOptions[] = [];
  const mailer: Mailer = {
    send: (_mail, options) => {
      seen.push(options ?? {});
      return send(options);
    },
    verify: async () => {},
    close: async () => {},
  };
  const deps: FunctionDeps = { db: {} as Database, mailer, appUrl: null, messageIdDomain: 'acme.test' };
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const record = (fields: object, message: string) => lines.push({ fields: { ...fields }, message });
  const controller = new AbortController();
  const recorded: string[] = [];
  const run: MailRun = {
    signal: controller.signal,
    runKey: 'evt.fn',
    logger: { debug: record, info: record, warn: record, error: record },
    outsideTimeout: (pending) => pending,
    recordMessageId: (messageId) => recorded.push(messageId),
  };
  return { deps, run, controller, seen, lines, recorded };
}

const delivered: SendResult = { messageId: mail.messageId, accepted: [mail.to], rejected: [] };

describe('sendMail', () => {
  it("hands the run's signal to the mailer, and records the Message-ID the mail went out with", async () => {
    const sent = { ...delivered, messageId: '<as-sent@acme.test>' };
    const { deps, run, seen, lines, recorded } = setup(async () => sent);
    expect(await sendMail(deps, mail, run)).toBe('<as-sent@acme.test>');
    expect(seen[0]?.signal).toBe(run.signal);
    expect(lines).toEqual([]);
    expect(recorded).toEqual(['<as-sent@acme.test>']);
  });

  it('says when the run was aborted but the server took the mail', async () => {
    const { deps, run, controller, lines } = setup(async () => {
      controller.abort(new Error('worker is stopping'));
      return delivered;
    });
    await sendMail(deps, mail, run);
    expect(lines).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ aborted: true, reason: 'worker is stopping' }),
        message: expect.stringContaining('waited for the answer: delivered'),
      }),
    ]);
  });

  it('rethrows a cancelled send as a retryable failure', async () => {
    const { deps, run, controller, lines, recorded } = setup(async () => {
      controller.abort(new Error('timed out'));
      throw new MailSendCancelledError(controller.signal.reason);
    });
    const error = await sendMail(deps, mail, run).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailSendCancelledError);
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(lines[0]?.fields).toMatchObject({ aborted: true });
    expect(recorded).toEqual([]);
  });

  it('turns a 5xx into a permanent failure', async () => {
    const { deps, run } = setup(async () => {
      throw Object.assign(new Error('550 no such user'), { code: 'EENVELOPE', responseCode: 550 });
    });
    await expect(sendMail(deps, mail, run)).rejects.toBeInstanceOf(PermanentError);
  });

  it('notes a mail an earlier attempt already sent, and records its Message-ID all the same', async () => {
    const { deps, run, lines, recorded } = setup(async () => ({ ...delivered, alreadySent: true }));
    await sendMail(deps, mail, run);
    expect(lines[0]?.message).toMatch(/earlier attempt of this run; not sending it again/);
    expect(recorded).toEqual([mail.messageId]);
  });
});

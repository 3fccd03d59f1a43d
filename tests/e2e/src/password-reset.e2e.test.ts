import { createClient, isTRPCClientError } from '@fixstream/client';
import { connectDatabase, type Database, hashResetToken } from '@fixstream/db';
import { MailSinkClient } from '@fixstream/dev-services';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Stack, startStack } from './stack.ts';

let stack: Stack;
let db: Database;
let sink: MailSinkClient;

beforeAll(async () => {
  stack = await startStack();
  db = await connectDatabase(stack.env.MONGODB_URI ?? '');
  sink = new MailSinkClient(inject('services').mailSinkUrl);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await stack?.stop();
});

function seeded(email: string) {
  const user = stack.seed.users.find((u) => u.email === email);
  if (!user) throw new Error(`seed has no ${email}`);
  return user;
}

function client(token: string | null = null) {
  return createClient({ url: stack.apiUrl, token: () => token });
}

/** The failure of a call as `<HTTP status> <message>`. */
async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isTRPCClientError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return `${error.data?.httpStatus} ${error.message}`;
}

/** Asks for a reset mail and waits for it at the sink; returns the link's token. */
async function resetLinkFor(email: string): Promise<string> {
  await client().auth.requestPasswordReset.mutate({ email });
  const [mail] = await sink.waitFor(
    (mails) => mails.filter((m) => m.subject === 'Reset your fixstream password'),
    { to: email, timeoutMs: 30_000 },
  );
  const token = /https:\/\/app\.fixstream\.test\/reset\?token=([\w-]{43})\b/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no reset link in the mail:\n${mail?.text}`);
  expect(mail?.html).toContain(`https://app.fixstream.test/reset?token=${token}`);
  return token;
}

const ended = '401 This session has ended (the password, role or account changed); sign in again';

describe('password reset by mail, end to end through SMTP', () => {
  it('mails a link that sets a new password once and ends every session', async () => {
    const employee = seeded('employee@acme.example');
    const session = await client().auth.login.mutate({ email: employee.email, password: employee.password });
    const unknown = await client().auth.requestPasswordReset.mutate({ email: 'nobody@acme.example' });

    const token = await resetLinkFor(employee.email);
    expect(await client().auth.requestPasswordReset.mutate({ email: employee.email })).toEqual(unknown);
    await client().auth.resetPassword.mutate({ token, password: 'employee-new-pass-1' });

    const fresh = await client().auth.login.mutate({
      email: employee.email,
      password: 'employee-new-pass-1',
    });
    expect((await client(fresh.token).auth.me.query()).email).toBe(employee.email);
    expect(
      await refusal(client().auth.login.mutate({ email: employee.email, password: employee.password })),
    ).toBe('401 Email or password is incorrect');
    expect(await refusal(client(session.token).auth.me.query())).toBe(ended);
    expect(
      await refusal(client().auth.resetPassword.mutate({ token, password: 'employee-new-pass-2' })),
    ).toBe('400 This reset link was already used; ask for a new one');
  });

  it('refuses an expired link, and stores no raw token', async () => {
    const tara = seeded('tara@acme.example');
    const token = await resetLinkFor(tara.email);
    const stored = await db.models.PasswordResetToken.findById(hashResetToken(token)).lean();
    expect(stored?.user.toString()).toBe(tara.id);
    expect(JSON.stringify(await db.models.PasswordResetToken.find({}).lean())).not.toContain(token);
    await db.models.PasswordResetToken.updateOne(
      { _id: hashResetToken(token) },
      { expiresAt: new Date(Date.now() - 1_000) },
    );
    expect(await refusal(client().auth.resetPassword.mutate({ token, password: 'tara-new-password' }))).toBe(
      '400 This reset link has expired; ask for a new one',
    );
    await client().auth.login.mutate({ email: tara.email, password: tara.password });
  });

  it('changes a password for the caller, who gets a fresh token, while the other sessions end', async () => {
    const manager = seeded('manager@acme.example');
    const signIn = (password: string) => client().auth.login.mutate({ email: manager.email, password });
    const [mine, other] = [await signIn(manager.password), await signIn(manager.password)];
    const changed = await client(mine.token).auth.changePassword.mutate({
      currentPassword: manager.password,
      newPassword: 'manager-new-pass-1',
    });
    expect((await client(changed.token).auth.me.query()).email).toBe(manager.email);
    expect(await refusal(client(mine.token).auth.me.query())).toBe(ended);
    expect(await refusal(client(other.token).auth.me.query())).toBe(ended);
    await signIn('manager-new-pass-1');
  });
});

import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database, hashResetToken } from '@fixstream/db';
import { MailSinkClient, mongoUriFor } from '@fixstream/dev-services';
import { createMailer, type Mailer } from '@fixstream/emails';
import { type EventOf, PermanentError, passwordResetRequested } from '@fixstream/events';
import { createCompany } from '@fixstream/test-support';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FunctionDeps } from './function-deps.ts';
import { runOnce } from './run-once.test-util.ts';
import { resetLink, sendPasswordReset } from './send-password-reset.function.ts';

let db: Database;
let mailer: Mailer;
let sink: MailSinkClient;
let deps: FunctionDeps & { passwordResetTtlMinutes: number };

beforeAll(async () => {
  const services = inject('services');
  db = await connectDatabase(mongoUriFor(services.mongoUri, `worker-reset-${randomUUID()}`));
  mailer = createMailer({
    host: services.smtp.host,
    port: services.smtp.port,
    from: 'fixstream <noreply@acme.test>',
  });
  sink = new MailSinkClient(services.mailSinkUrl);
  deps = {
    db,
    mailer,
    appUrl: 'https://app.acme.test/',
    messageIdDomain: 'acme.test',
    passwordResetTtlMinutes: 30,
  };
});
afterAll(async () => {
  await mailer.close();
  await db.connection.dropDatabase();
  await db.close();
});

/** A reset request for `email`, stored as the API stores it, and its event. */
async function resetRequested(email: string) {
  const _id = new Types.ObjectId();
  const event = passwordResetRequested.create({ resetRequestId: _id.toString() });
  await db.models.PasswordResetRequest.create({ _id, email, outbox: [event] });
  return event;
}

function run(event: EventOf<typeof passwordResetRequested>, functionDeps = deps) {
  return runOnce(sendPasswordReset(functionDeps), event);
}

const tokenIn = (text: string | null | undefined) => /\/reset\?token=([\w-]{43})\b/.exec(text ?? '')?.[1];

describe('send-password-reset', () => {
  it('mails the account a link whose token is stored only as a hash, with an expiry and the token version', async () => {
    const company = await createCompany(db, { employee: { name: 'Erin Employee' } });
    await db.models.User.updateOne({ _id: company.employee.id }, { tokenVersion: 'v-before' });
    const event = await resetRequested(company.employee.email);
    const before = Date.now();
    await run(event);

    const [mail] = await sink.waitFor((mails) => mails, { to: company.employee.email });
    expect(mail?.subject).toBe('Reset your fixstream password');
    expect(mail?.messageId).toBe(`<${event.id}.send-password-reset@acme.test>`);
    const token = tokenIn(mail?.text);
    expect(token).toBeDefined();
    expect(mail?.text).toContain(`https://app.acme.test/reset?token=${token}`);
    expect(mail?.html).toContain(`https://app.acme.test/reset?token=${token}`);

    const stored = await db.models.PasswordResetToken.find({}).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]?._id).toBe(hashResetToken(token ?? ''));
    expect(stored[0]?.user.toString()).toBe(company.employee.id);
    expect(stored[0]?.tokenVersion).toBe('v-before');
    const lifetime = (stored[0]?.expiresAt.getTime() ?? 0) - before;
    expect(lifetime).toBeGreaterThan(29 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000 + 5_000);
    const everything = JSON.stringify(
      await Promise.all(
        (await db.connection.db?.listCollections().toArray())?.map((c) =>
          db.connection.db?.collection(c.name).find({}).toArray(),
        ) ?? [],
      ),
    );
    expect(everything).not.toContain(token);
  });

  it('sends nothing for an email no account uses, a deactivated account or a request that is gone', async () => {
    const company = await createCompany(db, { employee: { name: 'Dee Activated' } });
    await db.models.User.updateOne({ _id: company.employee.id }, { active: false });
    await run(await resetRequested(company.employee.email));
    const nobody = `${randomUUID()}@nowhere.example`;
    await run(await resetRequested(nobody));
    await run(passwordResetRequested.create({ resetRequestId: new Types.ObjectId().toString() }));

    const control = await createCompany(db);
    await run(await resetRequested(control.manager.email));
    await sink.waitFor((mails) => mails, { to: control.manager.email });
    expect(await sink.list({ to: company.employee.email })).toEqual([]);
    expect(await sink.list({ to: nobody })).toEqual([]);
  });

  it('fails for good, naming APP_URL, when it has no link to send', async () => {
    const company = await createCompany(db);
    const attempt = run(await resetRequested(company.admin.email), { ...deps, appUrl: null });
    await expect(attempt).rejects.toBeInstanceOf(PermanentError);
    await expect(attempt).rejects.toThrow(/APP_URL is not set/);
  });
});

describe('resetLink', () => {
  it.each([
    ['https://app.acme.test', 'https://app.acme.test/reset?token=abc'],
    ['https://app.acme.test/', 'https://app.acme.test/reset?token=abc'],
    ['https://acme.test/fixstream/', 'https://acme.test/fixstream/reset?token=abc'],
  ])('links %s to %s', (appUrl, link) => {
    expect(resetLink(appUrl, 'abc')).toBe(link);
  });
});

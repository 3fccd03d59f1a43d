import { mintResetToken, passwordResetOutboxRef } from '@fixstream/db';
import { passwordResetRequested, streamKeys } from '@fixstream/events';
import { owedRowId } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { unreachableRedis } from '../testing/unreachable-redis.ts';
import { signInOutcome } from './login-guard.test-support.ts';
import { resetRequestedAnswer } from './password-reset.service.ts';

let api: TestApi;
let replica: TestApi;
let acme: CompanyFixture;
let nextIp = 0;
const freshIp = () => `198.51.${100 + (nextIp >> 8)}.${nextIp++ & 255}`;

beforeAll(async () => {
  api = await createTestApi({
    loginGuard: { maxFailures: 3, lockMs: 10 * 60_000 },
    passwordResets: { perEmailPerHour: 3, perAddressPerHour: 5 },
  });
  replica = await createTestApi({ replicaOf: api });
  acme = await createCompanyFixture(api, 'Acme');
  await api.redis.ping();
});
afterAll(async () => {
  await replica?.close();
  await api?.close();
});

/** A link as `send-password-reset` mints one for the user: the raw token, with only its hash stored. */
async function mailedLink(userId: string, expiresInMs = 30 * 60_000): Promise<string> {
  const { token, hash } = mintResetToken();
  const user = await api.db.models.User.findById(userId, { tokenVersion: 1 }).lean();
  const now = Date.now();
  await api.db.models.PasswordResetToken.create({
    _id: hash,
    user: userId,
    tokenVersion: user?.tokenVersion ?? null,
    resetRequest: new Types.ObjectId(),
    createdAt: new Date(now),
    expiresAt: new Date(now + expiresInMs),
  });
  return token;
}

const reset = (token: string, password: string, on = api) =>
  signInOutcome(on.caller(undefined, freshIp()).auth.resetPassword({ token, password }));
const signIn = (email: string, password: string) =>
  signInOutcome(api.caller(undefined, freshIp()).auth.login({ email, password }));
const ended = 'UNAUTHORIZED: This session has ended (the password, role or account changed); sign in again';

describe('auth.requestPasswordReset', () => {
  it('answers an email with an account and one without alike, and stores both with an event of ids only', async () => {
    const ip = freshIp();
    const known = await api.caller(undefined, ip).auth.requestPasswordReset({ email: acme.manager.email });
    const unknown = await api
      .caller(undefined, ip)
      .auth.requestPasswordReset({ email: 'Nobody@Nowhere.example' });
    expect(known).toEqual({ message: resetRequestedAnswer });
    expect(unknown).toEqual(known);

    const stored = await api.db.models.PasswordResetRequest.find({}).lean();
    expect(stored.map((doc) => doc.email).sort()).toEqual([acme.manager.email, 'nobody@nowhere.example']);
    const entries = await api.redis.xrange(
      streamKeys(api.prefix).stream(passwordResetRequested.name),
      '-',
      '+',
    );
    expect(entries).toHaveLength(2);
    const published = JSON.stringify(entries);
    expect(published).not.toContain('@');
    for (const doc of stored) {
      const [event] = doc.outbox;
      expect(event?.data).toEqual({ resetRequestId: doc._id.toString() });
      expect(published).toContain(doc._id.toString());
      const row = await api.db.storage.owedRows.findOne({
        _id: owedRowId(passwordResetOutboxRef(doc._id.toString()), event?.id ?? ''),
      });
      expect(row?.eventName).toBe(passwordResetRequested.name);
    }
  });

  it('limits requests per email, whoever asks, and per address, whatever the email', async () => {
    const email = 'flooded@nowhere.example';
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await signInOutcome(api.caller(undefined, freshIp()).auth.requestPasswordReset({ email })),
      );
    }
    expect(outcomes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
    expect(outcomes[3]).toMatch(
      /^TOO_MANY_REQUESTS: Too many password reset mails were asked for this email; try again in \d+ minutes$/,
    );

    const ip = '203.0.113.99';
    const fromOne: string[] = [];
    for (let i = 0; i < 6; i++) {
      const email = `someone-${i}@nowhere.example`;
      fromOne.push(await signInOutcome(api.caller(undefined, ip).auth.requestPasswordReset({ email })));
    }
    expect(fromOne.slice(0, 5)).toEqual(Array(5).fill('ok'));
    expect(fromOne[5]).toMatch(
      /^TOO_MANY_REQUESTS: Too many password reset requests from your address; try again in \d+ minutes$/,
    );
  });

  it('refuses an input that is not an email', async () => {
    expect(await signInOutcome(api.caller().auth.requestPasswordReset({ email: 'not-an-email' }))).toBe(
      'BAD_REQUEST: Invalid input: email: must be an email address',
    );
  });
});

describe('auth.resetPassword', () => {
  it('sets the password with a mailed link, ends every session, lifts a lockout, and works only once', async () => {
    const { id, email, password } = acme.technician;
    const session = await api.caller(undefined, freshIp()).auth.login({ email, password });
    for (let i = 0; i < 3; i++) await signIn(email, 'wrong');
    expect(await signIn(email, password)).toMatch(/^TOO_MANY_REQUESTS/);

    const token = await mailedLink(id);
    expect(await reset(token, 'reset-to-this-one')).toBe('ok');
    expect(await signInOutcome(api.caller(session.token).auth.me())).toBe(ended);
    expect(await signInOutcome(api.caller(acme.technician.token).auth.me())).toBe(ended);
    expect(await signIn(email, 'reset-to-this-one')).toBe('ok');
    expect(await signIn(email, password)).toBe('UNAUTHORIZED: Email or password is incorrect');

    expect(await reset(token, 'and-once-more-please')).toBe(
      'BAD_REQUEST: This reset link was already used; ask for a new one',
    );
    expect(await signIn(email, 'reset-to-this-one')).toBe('ok');
  });

  it('refuses an expired link, an unknown one, one sent before a password change, and one of a deactivated account', async () => {
    const expired = await mailedLink(acme.teammate.id, -1);
    expect(await reset(expired, 'long-enough-password')).toBe(
      'BAD_REQUEST: This reset link has expired; ask for a new one',
    );
    expect(await reset(mintResetToken().token, 'long-enough-password')).toBe(
      'BAD_REQUEST: This reset link is not valid; ask for a new one',
    );

    const [first, second] = [await mailedLink(acme.teammate.id), await mailedLink(acme.teammate.id)];
    expect(await reset(first, 'teammate-new-password')).toBe('ok');
    expect(await reset(second, 'teammate-other-password')).toBe(
      'BAD_REQUEST: This reset link no longer works: the account changed after it was sent (its password, for one); ask for a new one',
    );
    expect(await signIn(acme.teammate.email, 'teammate-new-password')).toBe('ok');

    const beforeChange = await mailedLink(acme.employee.id);
    await api
      .caller(acme.employee.token, freshIp())
      .auth.changePassword({ currentPassword: acme.employee.password, newPassword: 'employee-changed-it' });
    expect(await reset(beforeChange, 'long-enough-password')).toMatch(
      /^BAD_REQUEST: This reset link no longer works/,
    );

    const deactivated = await mailedLink(acme.outsider.id);
    await api.db.models.User.updateOne({ _id: acme.outsider.id }, { active: false });
    expect(await reset(deactivated, 'long-enough-password')).toBe(
      'BAD_REQUEST: This reset link is not valid; ask for a new one',
    );
  });

  it('lets exactly one of many simultaneous uses of one link through, across two API processes', async () => {
    const token = await mailedLink(acme.manager.id);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => reset(token, `concurrent-password-${i}`, i % 2 ? replica : api)),
    );
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.includes('already used'))).toHaveLength(11);
    const winner = outcomes.indexOf('ok');
    expect(await signIn(acme.manager.email, `concurrent-password-${winner}`)).toBe('ok');
  });

  it('refuses a token that is not one and a password that is too short', async () => {
    expect(await reset('abc', 'long-enough-password')).toBe(
      'BAD_REQUEST: Invalid input: token: is not a reset token: copy the whole link from the mail',
    );
    expect(await reset(mintResetToken().token, 'short')).toMatch(/^BAD_REQUEST: Invalid input: password: /);
  });
});

describe('auth.requestPasswordReset while Redis is down', () => {
  it('still answers, and leaves the event owed for the relay to publish', async () => {
    const unreachable = await unreachableRedis();
    const offline = await createTestApi({ redis: unreachable, replicaOf: api });
    try {
      const answer = await offline.caller(undefined, freshIp()).auth.requestPasswordReset({
        email: acme.admin.email,
      });
      expect(answer).toEqual({ message: resetRequestedAnswer });
      const stored = await api.db.models.PasswordResetRequest.findOne({ email: acme.admin.email }).lean();
      const [event] = stored?.outbox ?? [];
      const row = await api.db.storage.owedRows.findOne({
        _id: owedRowId(passwordResetOutboxRef(String(stored?._id)), event?.id ?? ''),
      });
      expect(row?.dueAt.getTime()).toBeLessThanOrEqual(Date.now());
    } finally {
      await offline.close();
    }
  });
});

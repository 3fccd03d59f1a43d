import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { trpcFailure } from '../testing/trpc-failure.ts';
import { createTokenService } from './token.ts';

let api: TestApi;
let acme: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi();
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(() => api.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return (await trpcFailure(promise)).code;
}

describe('auth', () => {
  it('logs in with email and password and returns a token that auth.me accepts', async () => {
    const session = await api
      .caller()
      .auth.login({ email: acme.technician.email.toUpperCase(), password: acme.technician.password });
    expect(session.user).toMatchObject({
      id: acme.technician.id,
      role: 'technician',
      companyId: acme.companyId,
    });
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(session).not.toHaveProperty('user.passwordHash');
    const me = await api.caller(session.token).auth.me();
    expect(me.email).toBe(acme.technician.email);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrong = api.caller().auth.login({ email: acme.admin.email, password: 'not-it' });
    await expect(wrong).rejects.toThrow('Email or password is incorrect');
    const unknown = api.caller().auth.login({ email: 'nobody@nowhere.example', password: 'whatever' });
    await expect(unknown).rejects.toThrow('Email or password is incorrect');
    expect(await codeOf(api.caller().auth.login({ email: acme.admin.email, password: 'x' }))).toBe(
      'UNAUTHORIZED',
    );
  });

  it('refuses a deactivated user at login and with an existing token', async () => {
    await api.db.models.User.updateOne({ _id: acme.outsider.id }, { active: false });
    expect(
      await codeOf(api.caller().auth.login({ email: acme.outsider.email, password: acme.outsider.password })),
    ).toBe('UNAUTHORIZED');
    expect(await codeOf(api.caller(acme.outsider.token).auth.me())).toBe('UNAUTHORIZED');
    await api.db.models.User.updateOne({ _id: acme.outsider.id }, { active: true });
  });

  it('needs a valid token for everything but login', async () => {
    expect(await codeOf(api.caller().auth.me())).toBe('UNAUTHORIZED');
    expect(await codeOf(api.caller().requests.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(api.caller('not-a-jwt').requests.list())).toBe('UNAUTHORIZED');
    const otherSecret = createTokenService({ secret: randomBytes(48).toString('base64'), ttl: '1h' });
    const { token: forged } = await otherSecret.sign({ userId: acme.admin.id, companyId: acme.companyId });
    expect(await codeOf(api.caller(forged).auth.me())).toBe('UNAUTHORIZED');
    const now = Math.floor(Date.now() / 1000);
    const stale = await new SignJWT({ cid: acme.companyId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('fixstream')
      .setSubject(acme.admin.id)
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 120)
      .sign(new TextEncoder().encode(api.jwtSecret));
    await expect(api.caller(stale).auth.me()).rejects.toThrow(/expired/);
  });

  it('rejects malformed login input with BAD_REQUEST and a readable message', async () => {
    const attempt = api.caller().auth.login({ email: 'not-an-email', password: '' });
    await expect(attempt).rejects.toThrow(
      /Invalid input: email: must be an email address; password: must not be empty/,
    );
    const operator = api.caller().auth.login({ email: { $ne: null }, password: { $ne: null } } as never);
    expect(await codeOf(operator)).toBe('BAD_REQUEST');
  });
});

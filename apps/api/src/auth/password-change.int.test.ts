import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { signInOutcome } from './login-guard.test-support.ts';

let api: TestApi;
let acme: CompanyFixture;
let nextIp = 0;
const freshIp = () => `198.19.${nextIp >> 8}.${nextIp++ & 255}`;

beforeAll(async () => {
  api = await createTestApi({ loginGuard: { maxFailures: 3, lockMs: 10 * 60_000 } });
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(() => api?.close());

const signIn = (email: string, password: string) =>
  api.caller(undefined, freshIp()).auth.login({ email, password });
const me = (token: string) => signInOutcome(api.caller(token).auth.me());
const ended = 'UNAUTHORIZED: This session has ended (the password, role or account changed); sign in again';

describe('auth.changePassword', () => {
  it("returns a fresh session for the caller, ends the user's other sessions and swaps the passwords", async () => {
    const { email, password } = acme.technician;
    const [mine, other] = await Promise.all([signIn(email, password), signIn(email, password)]);
    const changed = await api
      .caller(mine.token, freshIp())
      .auth.changePassword({ currentPassword: password, newPassword: 'a-brand-new-secret' });
    expect(changed.user).toMatchObject({ id: acme.technician.id, email });
    expect(new Date(changed.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(await me(changed.token)).toBe('ok');
    expect(await me(mine.token)).toBe(ended);
    expect(await me(other.token)).toBe(ended);
    expect(await signInOutcome(signIn(email, password))).toBe('UNAUTHORIZED: Email or password is incorrect');
    expect(await signInOutcome(signIn(email, 'a-brand-new-secret'))).toBe('ok');
  });

  it('needs the current password, and counts wrong ones under the sign-in lockout', async () => {
    const { email, password, token } = acme.teammate;
    const change = () =>
      signInOutcome(
        api.caller(token, freshIp()).auth.changePassword({
          currentPassword: 'not-the-password',
          newPassword: 'another-new-secret',
        }),
      );
    for (let i = 0; i < 3; i++) {
      expect(await change()).toBe('BAD_REQUEST: currentPassword: is not your current password');
    }
    expect(await change()).toMatch(/^TOO_MANY_REQUESTS: Too many failed sign-ins for this account/);
    expect(await signInOutcome(signIn(email, password))).toMatch(/^TOO_MANY_REQUESTS/);
    expect(await me(token)).toBe('ok');
  });

  it('refuses a new password that is short or the same, and callers without a session, changing nothing', async () => {
    const { password, token } = acme.employee;
    const caller = api.caller(token, freshIp()).auth;
    expect(
      await signInOutcome(caller.changePassword({ currentPassword: password, newPassword: 'short' })),
    ).toMatch(/^BAD_REQUEST: .*newPassword/);
    expect(
      await signInOutcome(caller.changePassword({ currentPassword: password, newPassword: password })),
    ).toBe('BAD_REQUEST: Invalid input: newPassword: must differ from the current password');
    expect(
      await signInOutcome(
        api.caller().auth.changePassword({ currentPassword: password, newPassword: 'long-enough-new' }),
      ),
    ).toMatch(/^UNAUTHORIZED/);
    expect(await me(token)).toBe('ok');
    expect(await signInOutcome(signIn(acme.employee.email, password))).toBe('ok');
  });
});

import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

let api: TestApi;
let acme: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi({ loginGuard: { maxFailures: 3, lockMs: 400, attemptsPerMinutePerIp: 8 } });
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(() => api.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof TRPCError ? `${error.code}: ${error.message}` : 'ok';
}

describe('login lockout and rate limit', () => {
  it('locks an account after repeated failures, even for the right password, then lets it in again', async () => {
    const login = (password: string, ip: string) =>
      api.caller(undefined, ip).auth.login({ email: acme.technician.email, password });
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      expect(await codeOf(login('wrong', ip))).toBe('UNAUTHORIZED: Email or password is incorrect');
    }
    expect(await codeOf(login(acme.technician.password, '198.51.100.4'))).toMatch(
      /^TOO_MANY_REQUESTS: Too many failed sign-ins for this account; try again in 1 minutes$/,
    );
    expect(
      await codeOf(
        api
          .caller(undefined, '198.51.100.5')
          .auth.login({ email: acme.manager.email, password: acme.manager.password }),
      ),
    ).toBe('ok');
    const deadline = Date.now() + 10_000;
    let attempt = 10;
    while ((await codeOf(login(acme.technician.password, `198.51.100.${attempt++}`))) !== 'ok') {
      if (Date.now() > deadline) throw new Error('the lock did not expire');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await api.db.models.LoginGuard.countDocuments({ _id: acme.technician.email })).toBe(0);
  });

  it('counts failures for unknown emails too, so probing for accounts gets locked the same way', async () => {
    for (let i = 0; i < 3; i++)
      await codeOf(
        api.caller(undefined, `192.0.2.${i}`).auth.login({ email: 'ghost@nowhere.example', password: 'x' }),
      );
    expect(
      await codeOf(
        api.caller(undefined, '192.0.2.99').auth.login({ email: 'ghost@nowhere.example', password: 'x' }),
      ),
    ).toMatch(/^TOO_MANY_REQUESTS/);
  });

  it('limits attempts per address per minute, whatever the account', async () => {
    const ip = '203.0.113.50';
    const outcomes: string[] = [];
    for (let i = 0; i < 9; i++) {
      outcomes.push(
        await codeOf(api.caller(undefined, ip).auth.login({ email: `nobody${i}@x.example`, password: 'x' })),
      );
    }
    expect(outcomes.slice(0, 8).every((o) => o.startsWith('UNAUTHORIZED'))).toBe(true);
    expect(outcomes[8]).toMatch(
      /^TOO_MANY_REQUESTS: Too many sign-in attempts from your address; try again in \d+ seconds$/,
    );
    expect(
      await codeOf(
        api
          .caller(undefined, '203.0.113.51')
          .auth.login({ email: acme.admin.email, password: acme.admin.password }),
      ),
    ).toBe('ok');
  });
});

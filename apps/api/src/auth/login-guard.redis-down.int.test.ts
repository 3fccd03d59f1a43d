import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { unreachableRedis } from '../testing/unreachable-redis.ts';
import { signInOutcome } from './login-guard.test-support.ts';

let api: TestApi;
let acme: CompanyFixture;

beforeAll(async () => {
  const unreachable = await unreachableRedis();
  api = await createTestApi({ redis: unreachable, loginGuard: { maxFailures: 3, lockMs: 10 * 60_000 } });
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(() => api.close());

describe('sign-in while Redis is down', () => {
  it('still signs people in, and still locks an account in this process', async () => {
    const signIn = (email: string, password: string, ip: string) =>
      signInOutcome(api.caller(undefined, ip).auth.login({ email, password }));
    expect(api.redis.status).not.toBe('ready');
    expect(await signIn(acme.manager.email, acme.manager.password, '192.0.2.1')).toBe('ok');
    for (const ip of ['192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      expect(await signIn(acme.technician.email, 'wrong', ip)).toBe(
        'UNAUTHORIZED: Email or password is incorrect',
      );
    }
    expect(await signIn(acme.technician.email, acme.technician.password, '192.0.2.5')).toMatch(
      /^TOO_MANY_REQUESTS: Too many failed sign-ins for this account; try again in 10 minutes$/,
    );
  });
});

import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { signInOutcome } from './login-guard.test-support.ts';

let api: TestApi;
let acme: CompanyFixture;

/** A local port nothing listens on: it was just free, and is closed again. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const unreachable = new Redis({
    host: '127.0.0.1',
    port: await closedPort(),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  unreachable.on('error', () => undefined);
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

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appRouter } from '../app.router.ts';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { createContextInner } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/init.ts';
import { signInOutcome } from './login-guard.test-support.ts';
import { createLoginGuard, type LoginGuardSettings } from './login-guard.ts';

const settings: LoginGuardSettings = {
  maxFailures: 5,
  windowMs: 10 * 60_000,
  lockMs: 10 * 60_000,
  attemptsPerMinutePerIp: 10,
};
const parallelGuesses = 240;
const createCaller = createCallerFactory(appRouter);

let replicaA: TestApi;
let replicaBRedis: Redis;
let acme: CompanyFixture;
let replicaB: (clientIp: string) => ReturnType<typeof createCaller>;

beforeAll(async () => {
  replicaA = await createTestApi({ loginGuard: settings });
  acme = await createCompanyFixture(replicaA, 'Acme');
  // A second API process: same database and key prefix, its own Redis connection and its own guard.
  replicaBRedis = new Redis(inject('services').redisUrl);
  const deps = {
    ...replicaA.deps,
    loginGuard: createLoginGuard({ redis: replicaBRedis, prefix: replicaA.prefix }, settings),
  };
  replicaB = (clientIp) => createCaller(createContextInner({ deps, clientIp }));
  // Until a connection is ready its guard counts in process memory; this test is about the shared count.
  await Promise.all([replicaA.redis.ping(), replicaBRedis.ping()]);
});
afterAll(async () => {
  replicaBRedis.disconnect();
  await replicaA.close();
});

describe('parallel wrong passwords on two API replicas', () => {
  it('verifies exactly maxFailures of them, refuses the rest, then refuses the right password too', async () => {
    const email = acme.technician.email;
    const outcomes = await Promise.all(
      Array.from({ length: parallelGuesses }, (_, i) => {
        const clientIp = `198.18.${i >> 8}.${i & 255}`;
        const caller = i % 2 === 0 ? replicaA.caller(undefined, clientIp) : replicaB(clientIp);
        return signInOutcome(caller.auth.login({ email, password: `guess-${i}` }));
      }),
    );
    const count = (prefix: string) => outcomes.filter((outcome) => outcome.startsWith(prefix)).length;
    expect({ unauthorized: count('UNAUTHORIZED'), tooManyRequests: count('TOO_MANY_REQUESTS') }).toEqual({
      unauthorized: settings.maxFailures,
      tooManyRequests: parallelGuesses - settings.maxFailures,
    });

    const rightPassword = { email, password: acme.technician.password };
    const locked = /^TOO_MANY_REQUESTS: Too many failed sign-ins for this account; try again in 10 minutes$/;
    expect(await signInOutcome(replicaA.caller(undefined, '198.51.100.1').auth.login(rightPassword))).toMatch(
      locked,
    );
    expect(await signInOutcome(replicaB('198.51.100.2').auth.login(rightPassword))).toMatch(locked);
  });
});

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { signInOutcome } from './login-guard.test-support.ts';
import { createLoginGuard } from './login-guard.ts';

let api: TestApi;
let acme: CompanyFixture;
let nextIp = 0;
/** A fresh client address per call, so only the account lockout is in play. */
const freshIp = () => `198.51.${100 + (nextIp >> 8)}.${nextIp++ & 255}`;

beforeAll(async () => {
  // Locks outlast any test, so every "still locked" below holds however slow the machine is.
  api = await createTestApi({
    loginGuard: { maxFailures: 3, windowMs: 10 * 60_000, lockMs: 10 * 60_000, attemptsPerMinutePerIp: 8 },
  });
  acme = await createCompanyFixture(api, 'Acme');
  // Until the connection is ready the guard counts in process memory, and one test looks at the Redis key.
  await api.redis.ping();
});
afterAll(() => api.close());

const signIn = (email: string, password: string, ip = freshIp()) =>
  signInOutcome(api.caller(undefined, ip).auth.login({ email, password }));
const incorrect = 'UNAUTHORIZED: Email or password is incorrect';
const accountLocked =
  /^TOO_MANY_REQUESTS: Too many failed sign-ins for this account; try again in 10 minutes$/;

describe('login lockout', () => {
  it('locks an account after maxFailures wrong passwords, even for the right one; other accounts sign in', async () => {
    for (let i = 0; i < 3; i++) expect(await signIn(acme.technician.email, 'wrong')).toBe(incorrect);
    expect(await signIn(acme.technician.email, acme.technician.password)).toMatch(accountLocked);
    expect(await signIn(acme.technician.email, 'wrong')).toMatch(accountLocked);
    expect(await signIn(acme.manager.email, acme.manager.password)).toBe('ok');
  });

  it('gives an account all its attempts back after a correct password', async () => {
    const { email, password } = acme.employee;
    for (let i = 0; i < 2; i++) expect(await signIn(email, 'wrong')).toBe(incorrect);
    expect(await signIn(email, password)).toBe('ok');
    for (let i = 0; i < 3; i++) expect(await signIn(email, 'wrong')).toBe(incorrect);
    expect(await signIn(email, password)).toMatch(accountLocked);
  });

  it('counts attempts for unknown emails too, so probing for accounts gets locked the same way', async () => {
    for (let i = 0; i < 3; i++) expect(await signIn('ghost@nowhere.example', 'x')).toBe(incorrect);
    expect(await signIn('ghost@nowhere.example', 'x')).toMatch(accountLocked);
  });

  it('keeps its counts under the API key prefix, one key per account, gone after a correct password', async () => {
    const { email, password } = acme.teammate;
    const key = `${api.prefix}login-attempts:${email}`;
    expect(await signIn(email, 'wrong')).toBe(incorrect);
    expect(await api.redis.get(key)).toBe('1');
    expect(await signIn(email, password)).toBe('ok');
    expect(await api.redis.exists(key)).toBe(0);
  });

  it('lets a locked account try again once lockMs has passed', async () => {
    const guard = createLoginGuard(
      { redis: api.redis, prefix: `${api.prefix}short-lock:` },
      { maxFailures: 2, windowMs: 10 * 60_000, lockMs: 1_000, attemptsPerMinutePerIp: 100 },
    );
    const email = `${randomUUID()}@nowhere.example`;
    await guard.consumeAttempt(email, null);
    await guard.consumeAttempt(email, null);
    await expect(guard.consumeAttempt(email, null)).rejects.toBeInstanceOf(AppError);
    await vi.waitFor(() => guard.consumeAttempt(email, null), { timeout: 15_000, interval: 100 });
  });
});

describe('per-address rate limit', () => {
  it('limits attempts per address per minute, whatever the account', async () => {
    const ip = '203.0.113.50';
    const outcomes: string[] = [];
    for (let i = 0; i < 9; i++) outcomes.push(await signIn(`nobody${i}@x.example`, 'x', ip));
    expect(outcomes.slice(0, 8)).toEqual(Array(8).fill(incorrect));
    expect(outcomes[8]).toMatch(
      /^TOO_MANY_REQUESTS: Too many sign-in attempts from your address; try again in \d+ seconds$/,
    );
    expect(await signIn(acme.admin.email, acme.admin.password, '203.0.113.51')).toBe('ok');
  });

  const addressRefused =
    /^TOO_MANY_REQUESTS: Too many sign-in attempts from your address; try again in \d+ seconds$/;

  it('counts every address of one IPv6 /64 as one address, and IPv4-mapped addresses as IPv4', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 9; i++)
      outcomes.push(await signIn(`v6-${i}@x.example`, 'x', `2001:db8:5:6::${i + 1}`));
    expect(outcomes.slice(0, 8)).toEqual(Array(8).fill(incorrect));
    expect(outcomes[8]).toMatch(addressRefused);
    expect(await signIn(acme.admin.email, acme.admin.password, '2001:db8:5:7::1')).toBe('ok');

    for (let i = 0; i < 4; i++)
      expect(await signIn(`v4-${i}@x.example`, 'x', '203.0.113.60')).toBe(incorrect);
    for (let i = 0; i < 4; i++)
      expect(await signIn(`v4m-${i}@x.example`, 'x', '::ffff:203.0.113.60')).toBe(incorrect);
    expect(await signIn('v4-last@x.example', 'x', '203.0.113.60')).toMatch(addressRefused);
  });

  it('counts one address across API replicas', async () => {
    const otherRedis = new Redis(inject('services').redisUrl);
    try {
      const settings = { maxFailures: 100, windowMs: 60_000, lockMs: 60_000, attemptsPerMinutePerIp: 4 };
      const replicas = [
        createLoginGuard({ redis: api.redis, prefix: `${api.prefix}replicas:` }, settings),
        createLoginGuard({ redis: otherRedis, prefix: `${api.prefix}replicas:` }, settings),
      ];
      await otherRedis.ping();
      const outcomes: string[] = [];
      for (let i = 0; i < 5; i++) {
        const guard = replicas[i % 2] as (typeof replicas)[number];
        const attempt = guard.consumeAttempt(`replica-${i}@x.example`, '198.51.100.200');
        outcomes.push(
          await attempt.then(
            () => 'ok',
            (error: Error) => error.message,
          ),
        );
      }
      expect(outcomes.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(outcomes[4]).toMatch(/^Too many sign-in attempts from your address/);
    } finally {
      otherRedis.disconnect();
    }
  });
});

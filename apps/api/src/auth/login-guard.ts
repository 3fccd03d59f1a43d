import type { Cluster, Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, AppErrorCode, retryAfterSeconds } from '../errors/app-error.ts';
import { addressKey } from '../shared/address-key.ts';
import { createAccountAttempts } from './login-guard.account-attempts.ts';

export interface LoginGuardSettings {
  /** Password attempts for one email within `windowMs`; the next one locks it. A correct password starts over. */
  maxFailures: number;
  windowMs: number;
  /** How long a locked email stays locked (whole seconds, rounded up). */
  lockMs: number;
  /** Sign-in attempts per minute from one address (an IPv6 address: its /64), whatever the email. */
  attemptsPerMinutePerIp: number;
}

/**
 * Brute-force protection for `auth.login`: a per-address rate limit and a per-account lockout. An attempt is
 * counted before its password is checked, never after, so guesses racing each other cannot slip past the count.
 */
export interface LoginGuard {
  /**
   * Call before checking the password. Throws TOO_MANY_REQUESTS when this address is over its rate or this
   * email is locked; otherwise the attempt has been counted against the email.
   */
  consumeAttempt(email: string, ip: string | null): Promise<void>;
  /** After a correct password: the email gets all its attempts back. */
  recordSuccess(email: string): Promise<void>;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/** The limiter's refusal, or null when it let the attempt through. */
async function refusalOf(consumption: Promise<RateLimiterRes>): Promise<RateLimiterRes | null> {
  try {
    await consumption;
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

/**
 * Both counts are shared by every API replica through Redis under the API's key prefix: the lockout per email
 * (see `createAccountAttempts`, also for what holds while Redis is down) and the rate per address, keyed by
 * `addressKey` (`<prefix>login-address:<address or IPv6 /64>`). While Redis is away the rate per address is kept
 * in each process's memory instead, as the lockout is.
 */
export function createLoginGuard(
  store: { redis: Redis | Cluster; prefix: string },
  settings: LoginGuardSettings,
): LoginGuard {
  const perAddressOptions = { points: settings.attemptsPerMinutePerIp, duration: 60 };
  const perAddress = new RateLimiterRedis({
    ...perAddressOptions,
    storeClient: store.redis,
    keyPrefix: `${store.prefix}login-address`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(perAddressOptions),
  });
  const perAccount = createAccountAttempts(store, settings);
  return {
    async consumeAttempt(email, ip) {
      const ipRefusal = ip ? await refusalOf(perAddress.consume(addressKey(ip))) : null;
      if (ipRefusal) {
        throw new AppError(
          AppErrorCode.RateLimited,
          `Too many sign-in attempts from your address; try again in ${retryAfterSeconds(ipRefusal.msBeforeNext)} seconds`,
          { retryAfterSeconds: retryAfterSeconds(ipRefusal.msBeforeNext) },
        );
      }
      const accountRefusal = await refusalOf(perAccount.consume(email));
      if (accountRefusal) {
        throw new AppError(
          AppErrorCode.RateLimited,
          `Too many failed sign-ins for this account; try again in ${minutes(accountRefusal.msBeforeNext)} minutes`,
          { retryAfterSeconds: retryAfterSeconds(accountRefusal.msBeforeNext) },
        );
      }
    },
    recordSuccess: (email) => perAccount.reset(email),
  };
}

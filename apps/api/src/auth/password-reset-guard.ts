import type { Cluster, Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, AppErrorCode, retryAfterSeconds } from '../errors/app-error.ts';
import { addressKey } from '../shared/address-key.ts';

export interface PasswordResetLimits {
  /** Reset mails one email may be sent per hour, whoever asks (PASSWORD_RESETS_PER_EMAIL_PER_HOUR). */
  perEmailPerHour: number;
  /**
   * Reset requests one address (an IPv6 address: its /64) may make per hour, whatever the email
   * (PASSWORD_RESETS_PER_ADDRESS_PER_HOUR).
   */
  perAddressPerHour: number;
}

/**
 * Rate limits of `auth.requestPasswordReset`, so the form can neither flood someone's mailbox nor be used to
 * send mail in bulk. They count requests, not accounts: an email nobody uses runs out the same way, so a refusal
 * says nothing about who has an account.
 */
export interface PasswordResetGuard {
  /** Counts one request; throws TOO_MANY_REQUESTS when the address or the email is out of requests this hour. */
  consume(email: string, ip: string | null): Promise<void>;
}

const hour = 3600;
const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/**
 * Counts in Redis under the API's key prefix (`<prefix>password-resets:email:<email>`,
 * `<prefix>password-resets:address:<address or IPv6 /64>`, see `addressKey`), one key each, shared by every API replica; while Redis cannot be
 * reached each process counts in its own memory, as the login guard does.
 */
export function createPasswordResetGuard(
  store: { redis: Redis | Cluster; prefix: string },
  limits: PasswordResetLimits,
): PasswordResetGuard {
  const limiter = (what: string, points: number) =>
    new RateLimiterRedis({
      storeClient: store.redis,
      keyPrefix: `${store.prefix}password-resets:${what}`,
      points,
      duration: hour,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration: hour }),
    });
  const perAddress = limiter('address', limits.perAddressPerHour);
  const perEmail = limiter('email', limits.perEmailPerHour);
  return {
    async consume(email, ip) {
      if (ip) {
        await take(
          perAddress,
          addressKey(ip),
          (wait) => `Too many password reset requests from your address; try again in ${wait} minutes`,
        );
      }
      await take(
        perEmail,
        email,
        (wait) => `Too many password reset mails were asked for this email; try again in ${wait} minutes`,
      );
    },
  };
}

async function take(
  limiter: RateLimiterRedis,
  key: string,
  refusal: (minutesToWait: number) => string,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new AppError(AppErrorCode.RateLimited, refusal(minutes(rejection.msBeforeNext)), {
      retryAfterSeconds: retryAfterSeconds(rejection.msBeforeNext),
    });
  }
}

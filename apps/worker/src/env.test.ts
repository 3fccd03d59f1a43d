import { retryDelayMs } from '@fixstream/events';
import { describe, expect, it } from 'vitest';
import { parseWorkerEnv, retryPolicyFromEnv } from './env.ts';

const minimal = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream',
  REDIS_URL: 'redis://127.0.0.1:6379',
  MAIL_HOST: '127.0.0.1',
};

describe('worker retry policy from env', () => {
  it('with the defaults, retries 4 times after about 2 s, 8 s, 32 s and 2 min (up to a quarter less)', () => {
    const policy = retryPolicyFromEnv(parseWorkerEnv(minimal));
    expect(policy.retries).toBe(4);
    const nominal = [2_000, 8_000, 32_000, 128_000];
    const attempts = [1, 2, 3, 4];
    expect(attempts.map((attempt) => retryDelayMs(policy, attempt, () => 0))).toEqual(nominal);
    // The jitter takes off at most a quarter of each delay, never adds to it.
    expect(attempts.map((attempt) => retryDelayMs(policy, attempt, () => 1))).toEqual(
      nominal.map((ms) => ms * 0.75),
    );
    expect(attempts.map((attempt) => retryDelayMs(policy, attempt, () => 0.5))).toEqual(
      nominal.map((ms) => ms * 0.875),
    );
  });

  it('takes the schedule from the env and caps each delay at WORKER_RETRY_MAX_DELAY_MS', () => {
    const policy = retryPolicyFromEnv(
      parseWorkerEnv({
        ...minimal,
        WORKER_RETRIES: '6',
        WORKER_RETRY_DELAY_MS: '100',
        WORKER_RETRY_FACTOR: '3',
        WORKER_RETRY_MAX_DELAY_MS: '1000',
      }),
    );
    expect(policy.retries).toBe(6);
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(policy, attempt, () => 0));
    expect(delays).toEqual([100, 300, 900, 1_000, 1_000, 1_000]);
  });
});

describe('worker links from env', () => {
  it('takes APP_URL as an http(s) URL only, and gives reset links 30 minutes unless told otherwise', () => {
    expect(parseWorkerEnv(minimal)).toMatchObject({ PASSWORD_RESET_TTL_MINUTES: 30 });
    expect(parseWorkerEnv({ ...minimal, APP_URL: 'https://app.acme.example/fixstream' }).APP_URL).toBe(
      'https://app.acme.example/fixstream',
    );
    expect(() => parseWorkerEnv({ ...minimal, APP_URL: 'javascript:alert(1)' })).toThrow(
      /APP_URL: must be an http\(s\) URL/,
    );
    expect(() => parseWorkerEnv({ ...minimal, PASSWORD_RESET_TTL_MINUTES: '1' })).toThrow(
      /PASSWORD_RESET_TTL_MINUTES/,
    );
  });
});

import { retryDelayMs } from '@fixstream/events';
import { describe, expect, it } from 'vitest';
import { parseWorkerEnv, webhookRetryPolicyFromEnv } from './env.ts';
import { deliveryEventId } from './functions/webhooks/webhook-fan-out.function.ts';

const minimal = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream',
  REDIS_URL: 'redis://127.0.0.1:6379',
  MAIL_HOST: '127.0.0.1',
};

describe('webhook settings of the worker', () => {
  it('defaults: nothing allowlisted, 15 s per attempt, disabled after 20 failures, one delivery per endpoint', () => {
    const env = parseWorkerEnv(minimal);
    expect(env.WEBHOOK_ALLOWED_DESTINATIONS.hosts.size + env.WEBHOOK_ALLOWED_DESTINATIONS.ranges.length).toBe(
      0,
    );
    expect(env).toMatchObject({
      WEBHOOK_TIMEOUT_MS: 15_000,
      WEBHOOK_DISABLE_AFTER_FAILURES: 20,
      WEBHOOK_CONCURRENCY_PER_ENDPOINT: 1,
      WEBHOOK_RETRIES: 8,
    });
  });

  it('draws each retry delay below a ceiling that grows 4 times per retry, up to the maximum (full jitter)', () => {
    const policy = webhookRetryPolicyFromEnv(parseWorkerEnv(minimal));
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(policy, attempt, () => 0));
    expect(ceilings).toEqual([5_000, 20_000, 80_000, 320_000, 1_280_000, 3_600_000, 3_600_000, 3_600_000]);
    expect(retryDelayMs(policy, 3, () => 0.5)).toBe(40_000);
    expect(retryDelayMs(policy, 3, () => 0.999)).toBeLessThan(100);
  });

  it('refuses an allowlist entry that is not one, naming it', () => {
    expect(() =>
      parseWorkerEnv({ ...minimal, WEBHOOK_ALLOWED_DESTINATIONS: '127.0.0.1,*.internal' }),
    ).toThrow(/\*\.internal/);
  });
});

describe('deliveryEventId', () => {
  it('joins a product event id and an endpoint id, and hashes ids too long for an event id, the same each time', () => {
    const endpoint = '65a1b2c3d4e5f60718293a4b';
    expect(deliveryEventId('0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', endpoint)).toBe(
      `0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b_${endpoint}`,
    );
    const long = 'x'.repeat(60);
    expect(deliveryEventId(long, endpoint)).toMatch(/^msg_[0-9a-f]{40}$/);
    expect(deliveryEventId(long, endpoint)).toBe(deliveryEventId(long, endpoint));
    expect(deliveryEventId(long, endpoint)).not.toBe(deliveryEventId(long, '65a1b2c3d4e5f60718293a4c'));
  });
});

import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, maxAttempts, retryDelayMs } from './retry-policy.ts';

describe('retry policy', () => {
  it('grows exponentially and stops at the cap', () => {
    const policy = { retries: 6, initialDelayMs: 1_000, factor: 2, maxDelayMs: 5_000, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(policy, attempt))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it('takes at most the jitter share off, never adds to the cap', () => {
    const policy = { ...defaultRetryPolicy, jitter: 0.5 };
    expect(retryDelayMs(policy, 1, () => 0)).toBe(2_000);
    expect(retryDelayMs(policy, 1, () => 0.999_999)).toBe(1_000);
    expect(retryDelayMs(policy, 20, () => 0)).toBe(policy.maxDelayMs);
  });

  it('defaults to four retries after the first try, as Inngest', () => {
    expect(defaultRetryPolicy.retries).toBe(4);
    expect(maxAttempts(defaultRetryPolicy)).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { defineRetrySchedule, nextRetryDelayMs } from './retry-schedule.ts';

const schedule = defineRetrySchedule({ baseMs: 1_000, factor: 2, capMs: 60_000, maxAttempts: 10 });
const justBelowOne = 1 - Number.EPSILON;

describe('nextRetryDelayMs', () => {
  it('draws below a ceiling that grows by the factor per attempt', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempts) =>
      nextRetryDelayMs(schedule, attempts, () => justBelowOne),
    );
    expect(ceilings).toEqual([999, 1_999, 3_999, 7_999, 15_999, 31_999]);
  });

  it('never exceeds the cap, however many attempts came before', () => {
    expect(nextRetryDelayMs(schedule, 7, () => justBelowOne)).toBe(59_999);
    expect(nextRetryDelayMs(schedule, 9, () => justBelowOne)).toBe(59_999);
    const huge = defineRetrySchedule({ baseMs: 1_000, factor: 10, capMs: 3_600_000, maxAttempts: 10_000 });
    expect(nextRetryDelayMs(huge, 5_000, () => justBelowOne)).toBe(3_599_999);
  });

  it('is full jitter: the random draw scales the whole range from zero', () => {
    expect(nextRetryDelayMs(schedule, 4, () => 0)).toBe(0);
    expect(nextRetryDelayMs(schedule, 4, () => 0.5)).toBe(4_000);
    expect(nextRetryDelayMs(schedule, 4, () => 0.25)).toBe(2_000);
  });

  it('stays within [0, ceiling) for many draws of the real random source', () => {
    for (let attempt = 1; attempt < schedule.maxAttempts; attempt++) {
      const ceiling = Math.min(schedule.capMs, schedule.baseMs * 2 ** (attempt - 1));
      for (let draw = 0; draw < 200; draw++) {
        const delay = nextRetryDelayMs(schedule, attempt) as number;
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('allows no retry once maxAttempts attempts were made', () => {
    expect(nextRetryDelayMs(schedule, 9, () => 0.5)).not.toBeNull();
    expect(nextRetryDelayMs(schedule, 10, () => 0.5)).toBeNull();
    expect(nextRetryDelayMs(schedule, 11, () => 0.5)).toBeNull();
    const once = defineRetrySchedule({ baseMs: 1, factor: 1, capMs: 1, maxAttempts: 1 });
    expect(nextRetryDelayMs(once, 1, () => 0.5)).toBeNull();
  });

  it('refuses an attempt count below 1 and a random source outside [0, 1)', () => {
    expect(() => nextRetryDelayMs(schedule, 0)).toThrow(/attemptsMade must be an integer >= 1/);
    expect(() => nextRetryDelayMs(schedule, 1.5)).toThrow(RangeError);
    expect(() => nextRetryDelayMs(schedule, 1, () => 1)).toThrow(/must return \[0, 1\), got 1/);
    expect(() => nextRetryDelayMs(schedule, 1, () => -0.1)).toThrow(RangeError);
    expect(() => nextRetryDelayMs(schedule, 1, () => Number.NaN)).toThrow(RangeError);
  });
});

describe('defineRetrySchedule', () => {
  it.each([
    [{ baseMs: 0, factor: 2, capMs: 10, maxAttempts: 3 }, /baseMs must be > 0/],
    [{ baseMs: 10, factor: 0.5, capMs: 10, maxAttempts: 3 }, /factor must be >= 1/],
    [{ baseMs: 10, factor: 2, capMs: 5, maxAttempts: 3 }, /capMs must be >= baseMs/],
    [{ baseMs: 10, factor: 2, capMs: Number.POSITIVE_INFINITY, maxAttempts: 3 }, /capMs must be >= baseMs/],
    [{ baseMs: 10, factor: 2, capMs: 10, maxAttempts: 0 }, /maxAttempts must be an integer >= 1/],
    [{ baseMs: 10, factor: 2, capMs: 10, maxAttempts: 2.5 }, /maxAttempts must be an integer >= 1/],
  ])('refuses %o', (options, message) => {
    expect(() => defineRetrySchedule(options)).toThrow(message);
  });
});

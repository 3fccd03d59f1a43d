import { describe, expect, it } from 'vitest';
import { describeDaysFromNow, describeDuration, describeHours } from './durations.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

describe('describeDuration', () => {
  it.each([
    [day + 4 * hour, '1 day 4 hours'],
    [day + 4 * hour + 59 * minute, '1 day 4 hours'],
    [2 * day, '2 days'],
    [3 * day + hour + 30 * minute, '3 days 1 hour'],
    [3 * hour + 20 * minute, '3 hours 20 minutes'],
    [hour, '1 hour'],
    [hour + minute, '1 hour 1 minute'],
    [45 * minute + 59_999, '45 minutes'],
    [minute, '1 minute'],
    [59_999, 'less than a minute'],
    [0, 'less than a minute'],
    [-5 * minute, 'less than a minute'],
  ])('describes %i ms as "%s", rounding down', (ms, words) => {
    expect(describeDuration(ms)).toBe(words);
  });

  it('refuses a value that is not a number of ms', () => {
    expect(() => describeDuration(Number.NaN)).toThrow(RangeError);
    expect(() => describeDuration(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('describeHours', () => {
  it('reads fractional hours as hours and minutes', () => {
    expect(describeHours(2)).toBe('2 hours');
    expect(describeHours(2.5)).toBe('2 hours 30 minutes');
    expect(describeHours(0.25)).toBe('15 minutes');
    expect(describeHours(30)).toBe('1 day 6 hours');
  });
});

describe('describeDaysFromNow', () => {
  it.each([
    [0, 'today'],
    [1, 'tomorrow'],
    [3, 'in 3 days'],
    [-1, 'yesterday'],
    [-2, '2 days ago'],
  ])('describes %i days as "%s"', (days, words) => {
    expect(describeDaysFromNow(days)).toBe(words);
  });

  it('refuses a fraction of a day', () => {
    expect(() => describeDaysFromNow(1.5)).toThrow(RangeError);
  });
});

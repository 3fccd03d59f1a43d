import { describe, expect, it } from 'vitest';
import { countTicks } from './nice-scale.ts';

describe('countTicks', () => {
  it.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [3, [0, 1, 2, 3]],
    [8, [0, 2, 4, 6, 8]],
    [21, [0, 5, 10, 15, 20, 25]],
    [61, [0, 10, 20, 30, 40, 50, 60, 70]],
    [100, [0, 20, 40, 60, 80, 100]],
    [1234, [0, 200, 400, 600, 800, 1000, 1200, 1400]],
  ])('covers a largest count of %i with %j', (max, ticks) => {
    expect(countTicks(max)).toEqual(ticks);
  });

  it('always ends at or above the largest count, in whole steps of 1, 2 or 5 times a power of ten', () => {
    for (let max = 0; max <= 5000; max += 7) {
      const ticks = countTicks(max);
      const step = ticks[1] as number;
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length - 1).toBeLessThanOrEqual(7);
      expect(Number.isInteger(step)).toBe(true);
      expect(String(step)).toMatch(/^[125]0*$/);
      expect(ticks).toEqual(ticks.map((_, index) => index * step));
    }
  });

  it('refuses a count that is not one', () => {
    expect(() => countTicks(-1)).toThrow(RangeError);
    expect(() => countTicks(Number.NaN)).toThrow(RangeError);
  });
});

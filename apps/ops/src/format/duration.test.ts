import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [999, '999ms'],
    [1_000, '1s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [192_000, '3m12s'],
    [3_600_000, '1h'],
    [3_600_000 + 5 * 60_000 + 59_000, '1h5m'],
    [86_400_000 * 4 + 3_600_000, '4d1h'],
    [86_400_000 * 400, '400d'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('treats negative durations (clock skew) and fractions sensibly', () => {
    expect(formatDuration(-5_000)).toBe('0ms');
    expect(formatDuration(1_500.7)).toBe('1s');
  });
});

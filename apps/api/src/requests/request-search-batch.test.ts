import { describe, expect, it } from 'vitest';
import { nextBatch } from './request-search.ts';

const progress = (found: number, candidates: number) => ({ found: Array(found).fill(null), candidates });

describe('nextBatch', () => {
  it('reads about what the matches still wanted take at the rate found so far', () => {
    // 10 of 100 matched: 11 more wanted take about 110 candidates, and a tenth more
    expect(nextBatch(progress(10, 100), 21)).toBe(Math.ceil((11 / (10 / 101)) * 1.1));
  });

  it('grows at most geometrically when the first page found next to nothing', () => {
    expect(nextBatch(progress(1, 21), 21)).toBe(42);
    expect(nextBatch(progress(0, 21), 21)).toBe(42);
    expect(nextBatch(progress(5, 63), 21)).toBe(126);
  });

  it('reads at least a page and at most 400 candidates', () => {
    expect(nextBatch(progress(20, 21), 21)).toBe(21);
    expect(nextBatch(progress(1, 1_000), 21)).toBe(400);
  });
});

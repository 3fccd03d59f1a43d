import { describe, expect, it } from 'vitest';
import { sizeKey } from './size-key.ts';

describe('sizeKey', () => {
  it('names sizes as the results and the table do', () => {
    expect([1_000, 10_000, 100_000, 2_500, 1_000_000, 999].map(sizeKey)).toEqual([
      '1k',
      '10k',
      '100k',
      '2.5k',
      '1m',
      '999',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.ts';

describe('Batcher', () => {
  it('sends items added in the same turn as one batch and answers each caller', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher(async (items: number[]) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('collects what arrives during a flush into the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const batcher = new Batcher(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items;
    });
    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => batcher.add(n));
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every caller of a failed batch and keeps working', async () => {
    let fail = true;
    const batcher = new Batcher(async (items: number[]) => {
      if (fail) throw new Error('down');
      return items;
    });
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow('down');
    fail = false;
    await expect(batcher.add(3)).resolves.toBe(3);
  });

  it('splits at maxBatch', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher(async (items: number[]) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});

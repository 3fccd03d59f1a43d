import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { compareIds, intersectSorted } from './sorted-ids.ts';

const ids = (...hexes: string[]) => hexes.map((hex) => new Types.ObjectId(hex.padStart(24, '0')));
const hex = (list: Types.ObjectId[]) => list.map((id) => id.toHexString().replace(/^0+/, ''));

describe('compareIds', () => {
  it('orders ObjectIds by their bytes, as the database does', () => {
    const [a, b] = ids('0a', 'a0') as [Types.ObjectId, Types.ObjectId];
    expect(compareIds(a, b)).toBeLessThan(0);
    expect(compareIds(b, a)).toBeGreaterThan(0);
    expect(compareIds(a, new Types.ObjectId(a.toHexString()))).toBe(0);
  });
});

describe('intersectSorted', () => {
  it('keeps the ids both ascending lists hold, in order', () => {
    expect(hex(intersectSorted(ids('1', '3', '5', '7'), ids('2', '3', '4', '7', '9'), 1))).toEqual([
      '3',
      '7',
    ]);
  });

  it('keeps the ids both descending lists hold, in order', () => {
    expect(hex(intersectSorted(ids('9', '7', '5', '3'), ids('8', '7', '3', '1'), -1))).toEqual(['7', '3']);
  });

  it('is empty when either list is, or when they never meet', () => {
    expect(intersectSorted([], ids('1'), 1)).toEqual([]);
    expect(intersectSorted(ids('1'), [], 1)).toEqual([]);
    expect(intersectSorted(ids('1', '2'), ids('3', '4'), 1)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { duplicateIndexes } from './mongo-helpers.ts';

const bulkError = (writeErrors: unknown) => Object.assign(new Error('bulk write failed'), { writeErrors });

describe('duplicateIndexes', () => {
  it('names the inserts refused as duplicate keys', () => {
    const error = bulkError([
      { index: 0, code: 11000 },
      { index: 3, code: 11000 },
    ]);
    expect([...duplicateIndexes(error)]).toEqual([0, 3]);
    expect([...duplicateIndexes(bulkError({ index: 2, code: 11000 }))]).toEqual([2]);
  });

  it('rethrows any other write error', () => {
    const error = bulkError([
      { index: 0, code: 11000 },
      { index: 1, code: 121 },
    ]);
    expect(() => duplicateIndexes(error)).toThrow(error);
  });

  it('rethrows a failure with no write errors: a lost connection is not an insert that happened', () => {
    for (const error of [bulkError([]), new Error('connect ECONNREFUSED 127.0.0.1:27017')]) {
      expect(() => duplicateIndexes(error)).toThrow(error);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { alignTables } from './align-tables.ts';

describe('alignTables', () => {
  it('pads each column to its widest cell and draws the separator to match', () => {
    const markdown = [
      'Text before.',
      '',
      '| shape | p50 ≤ |',
      '| --- | --- |',
      '| list | 9.5 |',
      '',
      'After.',
    ].join('\n');
    expect(alignTables(markdown).split('\n')).toEqual([
      'Text before.',
      '',
      '| shape | p50 ≤ |',
      '| ----- | ----- |',
      '| list  | 9.5   |',
      '',
      'After.',
    ]);
  });

  it('keeps a header of empty cells a header, and fills short rows', () => {
    expect(alignTables('| | |\n| --- | --- |\n| mails/s |').split('\n')).toEqual([
      '|         |     |',
      '| ------- | --- |',
      '| mails/s |     |',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatTable, truncate } from './table.ts';

describe('formatTable', () => {
  it('aligns columns under a header and a rule, numbers to the right, without trailing spaces', () => {
    const table = formatTable(
      [{ header: 'FUNCTION' }, { header: 'PENDING', align: 'right' }, { header: 'NOTE' }],
      [
        ['send-request-notification', '12', ''],
        ['ping', '3', 'slow'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'FUNCTION                   PENDING  NOTE',
      '-------------------------  -------  ----',
      'send-request-notification       12',
      'ping                             3  slow',
    ]);
  });

  it('prints only the header and rule for no rows, and fills missing cells', () => {
    expect(formatTable([{ header: 'A' }, { header: 'BB' }], [])).toBe('A  BB\n-  --');
    expect(formatTable([{ header: 'A' }, { header: 'B' }], [['x']])).toBe('A  B\n-  -\nx');
  });

  it('keeps every row on one line and counts characters, not UTF-16 units', () => {
    const table = formatTable(
      [{ header: 'ERROR' }, { header: 'N', align: 'right' }],
      [
        ['bad\nthing\t!', '1'],
        ['𝑥 ok', '2'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'ERROR        N',
      '-----------  -',
      'bad thing !  1',
      '𝑥 ok         2',
    ]);
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text with an ellipsis within the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('Error: SMTP 451 try later', 12)).toBe('Error: SMTP…');
    expect([...truncate('Error: SMTP 451 try later', 12)]).toHaveLength(12);
    expect(truncate('line one\nline two', 100)).toBe('line one line two');
  });
});

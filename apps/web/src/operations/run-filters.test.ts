import { describe, expect, it } from 'vitest';
import { runsInputOf } from './run-filters.ts';

describe('runsInputOf', () => {
  it('leaves out unset filters, as the strict input refuses empty strings', () => {
    expect(runsInputOf({ functionId: '', status: '', from: '', until: '' })).toEqual({ limit: 20 });
  });

  it('turns local datetime values into ISO instants', () => {
    const input = runsInputOf({
      functionId: 'fn',
      status: 'dead',
      from: '2026-11-30T10:00',
      until: 'not a date',
    });
    expect(input).toEqual({
      limit: 20,
      functionId: 'fn',
      status: 'dead',
      from: new Date('2026-11-30T10:00').toISOString(),
    });
  });
});

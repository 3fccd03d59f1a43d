import { describe, expect, it } from 'vitest';
import { isSearching, listInputOf, noFilters } from './request-filters.ts';

describe('listInputOf', () => {
  it('asks the API to search subjects for the words typed, trimmed', () => {
    expect(listInputOf({ ...noFilters, search: '  hyd pu ', type: 'corrective' })).toEqual({
      type: 'corrective',
      search: 'hyd pu',
    });
  });

  it('leaves out a search box holding no word, which the API would refuse', () => {
    for (const search of ['', '   ', '-- !']) {
      expect(listInputOf({ ...noFilters, search })).toEqual({});
      expect(isSearching({ ...noFilters, search })).toBe(false);
    }
    expect(isSearching({ ...noFilters, search: 'é' })).toBe(true);
  });
});

import type { RouterInputs } from '@fixstream/client';
import { type RequestType, searchWords } from '@fixstream/schemas';

/** What the board and list filter on: the API's own `requests.list` filters. */
export interface RequestFilters {
  team: string;
  technician: string;
  type: RequestType | '';
  overdue: boolean;
  /** Words that must begin words of the subject, as typed (the API ignores case and accents). */
  search: string;
}

export const noFilters: RequestFilters = { team: '', technician: '', type: '', overdue: false, search: '' };

type ListInput = NonNullable<RouterInputs['requests']['list']>;

/**
 * The `requests.list` input for these filters, leaving out the empty ones (the API refuses empty ids, and a
 * search without a letter or digit).
 */
export function listInputOf(
  filters: RequestFilters,
): Omit<ListInput, 'cursor' | 'limit' | 'sort' | 'status'> {
  return {
    ...(filters.team ? { team: filters.team } : {}),
    ...(filters.technician ? { technician: filters.technician } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
    ...(isSearching(filters) ? { search: filters.search.trim() } : {}),
  };
}

/** Whether the filters search subjects: the search box holds a word. */
export function isSearching(filters: RequestFilters): boolean {
  return searchWords(filters.search).length > 0;
}

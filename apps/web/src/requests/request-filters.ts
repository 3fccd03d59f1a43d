import type { RouterInputs } from '@fixstream/client';
import type { RequestType } from '@fixstream/schemas';

/** What the board and list filter on: the API's own `requests.list` filters, plus a text match on subjects. */
export interface RequestFilters {
  team: string;
  technician: string;
  type: RequestType | '';
  overdue: boolean;
  /** `requests.list` has no text search, so this narrows the loaded requests by subject in the browser. */
  search: string;
}

export const noFilters: RequestFilters = { team: '', technician: '', type: '', overdue: false, search: '' };

type ListInput = NonNullable<RouterInputs['requests']['list']>;

/** The `requests.list` input for these filters, leaving out the empty ones (the API refuses empty ids). */
export function listInputOf(
  filters: RequestFilters,
): Omit<ListInput, 'cursor' | 'limit' | 'sort' | 'status'> {
  return {
    ...(filters.team ? { team: filters.team } : {}),
    ...(filters.technician ? { technician: filters.technician } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
  };
}

export function matchesSearch(subject: string, search: string): boolean {
  const wanted = search.trim().toLowerCase();
  return wanted === '' || subject.toLowerCase().includes(wanted);
}

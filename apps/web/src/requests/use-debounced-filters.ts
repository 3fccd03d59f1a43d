import { useEffect, useMemo, useState } from 'react';
import type { RequestFilters } from './request-filters.ts';

/** How long typing in the search box must pause before the lists ask the API again. */
export const searchDebounceMs = 250;

/**
 * The filters as the lists should ask for them: `search` as it stood once typing paused for `searchDebounceMs`
 * (one `requests.list` per pause, not one per key), every other filter at once.
 */
export function useDebouncedFilters(filters: RequestFilters): RequestFilters {
  const [search, setSearch] = useState(filters.search);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(filters.search), searchDebounceMs);
    return () => clearTimeout(timer);
  }, [filters.search]);
  return useMemo(() => ({ ...filters, search }), [filters, search]);
}

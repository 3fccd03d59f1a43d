import { useState } from 'react';
import { RequestBoard } from '../board/request-board.tsx';
import { useDirectory } from '../directory/use-directory.ts';
import { RequestFilterBar } from '../requests/request-filter-bar.tsx';
import { noFilters, type RequestFilters } from '../requests/request-filters.ts';
import { useDebouncedFilters } from '../requests/use-debounced-filters.ts';

/** The requests board, by stage. */
export function BoardPage() {
  const directory = useDirectory();
  const [filters, setFilters] = useState<RequestFilters>(noFilters);
  const asked = useDebouncedFilters(filters);
  return (
    <>
      <h1>Requests board</h1>
      <RequestFilterBar filters={filters} onChange={setFilters} directory={directory} />
      <RequestBoard filters={asked} directory={directory} />
    </>
  );
}

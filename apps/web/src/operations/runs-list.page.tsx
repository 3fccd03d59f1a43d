import { useState } from 'react';
import { useSearch } from 'wouter';
import { CursorPagesFooter } from '../directory/cursor-pages-status.tsx';
import { LiveNote } from './live-note.tsx';
import { type RunFilters, type RunStatusFilter, runStatusFilters, runsInputOf } from './run-filters.ts';
import { RunSummaryTable } from './run-summary-table.tsx';
import { useFunctionIds } from './use-function-ids.ts';
import { useRunPages } from './use-run-pages.ts';

const statusLabels: Record<RunStatusFilter, string> = {
  succeeded: 'Succeeded',
  dead: 'Dead',
  cancelled: 'Cancelled',
};

/** The company's finished runs, newest first, filtered by function, outcome and time, a page at a time. */
export function RunsListPage() {
  const search = new URLSearchParams(useSearch());
  const [filters, setFilters] = useState<RunFilters>({
    functionId: search.get('function') ?? '',
    status: '',
    from: '',
    until: '',
  });
  const set = (change: Partial<RunFilters>) => setFilters((current) => ({ ...current, ...change }));
  const functionIds = useFunctionIds();
  const pages = useRunPages(runsInputOf(filters));
  const runs = (pages.data?.pages ?? []).flatMap((page) => page.items);
  return (
    <>
      <h1>Runs</h1>
      <LiveNote updatedAt={pages.dataUpdatedAt} fetching={pages.isFetching} />
      <div className="filters">
        <label>
          Function
          <select value={filters.functionId} onChange={(event) => set({ functionId: event.target.value })}>
            <option value="">Every function</option>
            {[...new Set([...functionIds, filters.functionId].filter(Boolean))].map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select
            value={filters.status}
            onChange={(event) => set({ status: event.target.value as RunStatusFilter | '' })}
          >
            <option value="">Any status</option>
            {runStatusFilters.map((status) => (
              <option key={status} value={status}>
                {statusLabels[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Finished from
          <input
            type="datetime-local"
            value={filters.from}
            onChange={(event) => set({ from: event.target.value })}
          />
        </label>
        <label>
          Finished before
          <input
            type="datetime-local"
            value={filters.until}
            onChange={(event) => set({ until: event.target.value })}
          />
        </label>
      </div>
      {pages.isError ? (
        <p role="alert" className="alert alert-error">
          {pages.error.message}
        </p>
      ) : null}
      <RunSummaryTable caption="Function runs" runs={runs} />
      <CursorPagesFooter pages={pages} items={runs} empty="No runs match." />
    </>
  );
}

import {
  type RequestSort,
  type RequestStatus,
  requestSorts,
  requestStatuses,
  stageLabels,
} from '@fixstream/schemas';
import { useState } from 'react';
import { Link } from 'wouter';
import { CursorPagesFooter } from '../directory/cursor-pages-status.tsx';
import { useDirectory } from '../directory/use-directory.ts';
import { RequestFilterBar } from '../requests/request-filter-bar.tsx';
import { listInputOf, noFilters, type RequestFilters } from '../requests/request-filters.ts';
import { formatDate, isOverdue, priorityLabels, typeLabels } from '../requests/request-meta.ts';
import { useDebouncedFilters } from '../requests/use-debounced-filters.ts';
import { useRequestPages } from '../requests/use-request-pages.ts';

const sortLabels: Record<RequestSort, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  priority: 'Highest priority first',
};

/** Every request as a table, in the API's sorts, a page at a time (cursor pagination). */
export function RequestListPage() {
  const directory = useDirectory();
  const [filters, setFilters] = useState<RequestFilters>(noFilters);
  const [status, setStatus] = useState<RequestStatus | ''>('');
  const [sort, setSort] = useState<RequestSort>('newest');
  const asked = useDebouncedFilters(filters);
  const pages = useRequestPages({ ...listInputOf(asked), ...(status ? { status } : {}), sort, limit: 20 });
  const requests = (pages.data?.pages ?? []).flatMap((page) => page.items);
  return (
    <>
      <h1>Requests</h1>
      <RequestFilterBar filters={filters} onChange={setFilters} directory={directory} />
      <div className="filters">
        <label>
          Stage
          <select value={status} onChange={(event) => setStatus(event.target.value as RequestStatus | '')}>
            <option value="">Every stage</option>
            {requestStatuses.map((value) => (
              <option key={value} value={value}>
                {stageLabels[value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort
          <select value={sort} onChange={(event) => setSort(event.target.value as RequestSort)}>
            {requestSorts.map((value) => (
              <option key={value} value={value}>
                {sortLabels[value]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {pages.isError ? <p role="alert">{pages.error.message}</p> : null}
      <table className="requests">
        <caption className="visually-hidden">Maintenance requests</caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Stage</th>
            <th scope="col">Type</th>
            <th scope="col">Priority</th>
            <th scope="col">Equipment</th>
            <th scope="col">Technician</th>
            <th scope="col">Scheduled</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => (
            <tr key={request.id}>
              <td>
                <Link href={`/requests/${request.id}`}>{request.subject}</Link>
                {isOverdue(request) ? <span className="badge badge-overdue">Overdue</span> : null}
              </td>
              <td>{stageLabels[request.status]}</td>
              <td>
                <span className={`badge badge-${request.type}`}>{typeLabels[request.type]}</span>
              </td>
              <td>{priorityLabels[request.priority]}</td>
              <td>{directory.equipmentById(request.equipment)?.name ?? '—'}</td>
              <td>{directory.personName(request.assignedTechnician)}</td>
              <td>{formatDate(request.scheduledDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPagesFooter pages={pages} items={requests} empty="No requests match." />
    </>
  );
}

import { type RequestStatus, stageLabels, transitions } from '@fixstream/schemas';
import { useState } from 'react';
import type { Directory } from '../directory/use-directory.ts';
import { listInputOf, type RequestFilters } from '../requests/request-filters.ts';
import type { MaintenanceRequest } from '../requests/request-meta.ts';
import { useRequestPages } from '../requests/use-request-pages.ts';
import { RequestCard, requestDragType } from './request-card.tsx';

const columnPageSize = 50;

/** One stage of the board: its requests (a page at a time) and the drop target for moving cards into it. */
export function BoardColumn(props: {
  status: RequestStatus;
  filters: RequestFilters;
  directory: Directory;
  /** From `requests.stats`, when the role may see it and no filter beyond the team applies. */
  total: number | null;
  canMove: boolean;
  dragging: MaintenanceRequest | null;
  onDragging: (request: MaintenanceRequest | null) => void;
  onMove: (id: string, status: RequestStatus) => void;
  lastMoved: string | null;
}) {
  const { status, filters, directory } = props;
  const [over, setOver] = useState(false);
  const pages = useRequestPages({ ...listInputOf(filters), status, limit: columnPageSize });
  const requests = (pages.data?.pages ?? []).flatMap((page) => page.items);
  const accepts = props.dragging !== null && transitions[props.dragging.status].includes(status);
  const count = props.total ?? requests.length;
  const headingId = `stage-${status}`;
  return (
    <section
      className={`column${over ? ' over' : ''}${accepts ? ' accepts' : ''}`}
      aria-labelledby={headingId}
      data-stage={status}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(requestDragType)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const id = event.dataTransfer.getData(requestDragType);
        props.onDragging(null);
        if (id && !requests.some((request) => request.id === id)) props.onMove(id, status);
      }}
    >
      <h2 id={headingId}>
        {stageLabels[status]} <span className="count">{count}</span>
      </h2>
      {pages.isPending ? <p className="muted">Loading…</p> : null}
      {pages.isError ? <p className="field-error">Could not load: {pages.error.message}</p> : null}
      {pages.isSuccess && requests.length === 0 ? <p className="muted">No requests</p> : null}
      <div className="cards">
        {requests.map((request) => (
          <RequestCard
            key={request.id}
            request={request}
            directory={directory}
            canMove={props.canMove}
            onMove={props.onMove}
            onDragging={props.onDragging}
            focusAfterMove={props.lastMoved === request.id}
          />
        ))}
      </div>
      {pages.hasNextPage ? (
        <button
          type="button"
          className="secondary"
          onClick={() => pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          Show more
        </button>
      ) : null}
    </section>
  );
}

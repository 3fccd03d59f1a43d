import { type RequestStatus, stageLabels, transitions } from '@fixstream/schemas';
import { memo, useEffect, useRef } from 'react';
import { Link } from 'wouter';
import type { Directory } from '../directory/use-directory.ts';
import { isOverdue, type MaintenanceRequest, priorityLabels, typeLabels } from '../requests/request-meta.ts';

/** The drag payload's type: a drop reads the request id from it. */
export const requestDragType = 'application/x-fixstream-request';

/**
 * One request on the board. Those who may move stages can drag it or use its "Move to" buttons (the keyboard
 * way); others see no drag affordance and no buttons. Memoized: every keystroke in the filters and every drag
 * re-renders the board, and re-rendering each column's page of cards each time blocked the page.
 */
export const RequestCard = memo(function RequestCard(props: {
  request: MaintenanceRequest;
  directory: Directory;
  canMove: boolean;
  onMove: (id: string, status: RequestStatus) => void;
  onDragging: (request: MaintenanceRequest | null) => void;
  focusAfterMove: boolean;
}) {
  const { request, directory, canMove } = props;
  const next = canMove ? transitions[request.status] : [];
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (props.focusAfterMove) ref.current?.focus();
  }, [props.focusAfterMove]);
  const overdue = isOverdue(request);
  const equipment = directory.equipmentById(request.equipment);
  return (
    <article
      ref={ref}
      className={`card${next.length ? ' draggable' : ''}`}
      data-request-id={request.id}
      aria-labelledby={`card-${request.id}`}
      tabIndex={-1}
      draggable={next.length > 0}
      onDragStart={(event) => {
        event.dataTransfer.setData(requestDragType, request.id);
        event.dataTransfer.effectAllowed = 'move';
        props.onDragging(request);
      }}
      onDragEnd={() => props.onDragging(null)}
    >
      <h3 id={`card-${request.id}`}>
        <Link href={`/requests/${request.id}`}>{request.subject}</Link>
      </h3>
      <p className="badges">
        <span className={`badge badge-${request.type}`}>{typeLabels[request.type]}</span>
        <span className={`badge priority-${request.priority}`}>
          {priorityLabels[request.priority] ?? request.priority} priority
        </span>
        {overdue ? <span className="badge badge-overdue">Overdue</span> : null}
      </p>
      <dl className="card-facts">
        <dt>Equipment</dt>
        <dd>{equipment?.name ?? '—'}</dd>
        <dt>Technician</dt>
        <dd>{directory.personName(request.assignedTechnician)}</dd>
      </dl>
      {next.length ? (
        <fieldset className="move-buttons">
          <legend className="visually-hidden">Move “{request.subject}”</legend>
          {next.map((status) => (
            <button
              key={status}
              type="button"
              className="small"
              onClick={() => props.onMove(request.id, status)}
            >
              Move to {stageLabels[status]}
            </button>
          ))}
        </fieldset>
      ) : null}
    </article>
  );
});

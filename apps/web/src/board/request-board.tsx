import { requestStatuses } from '@fixstream/schemas';
import { useState } from 'react';
import { can } from '../abilities/role-abilities.ts';
import type { Directory } from '../directory/use-directory.ts';
import type { RequestFilters } from '../requests/request-filters.ts';
import type { MaintenanceRequest } from '../requests/request-meta.ts';
import { useSignedInSession } from '../session/use-session.ts';
import { BoardColumn } from './board-column.tsx';
import { useMoveRequest } from './use-move-request.ts';
import { useStageTotals } from './use-stage-totals.ts';

/** The kanban: a column per stage, cards moved by drag and drop or their buttons, the outcome announced. */
export function RequestBoard({ filters, directory }: { filters: RequestFilters; directory: Directory }) {
  const { user } = useSignedInSession();
  const [dragging, setDragging] = useState<MaintenanceRequest | null>(null);
  const moves = useMoveRequest();
  const totals = useStageTotals(filters);
  const canMove = can(user.role, 'moveStages');
  return (
    <>
      <div aria-live="polite" className="board-outcome">
        {moves.outcome ? (
          <p
            role={moves.outcome.kind === 'refused' ? 'alert' : 'status'}
            className={`alert ${moves.outcome.kind === 'refused' ? 'alert-error' : 'alert-success'}`}
          >
            {moves.outcome.message}
          </p>
        ) : null}
      </div>
      {canMove ? (
        <p className="muted">Drag a card to another stage, or use its “Move to” buttons.</p>
      ) : (
        <p className="muted">Your role can follow requests here; technicians and managers move them.</p>
      )}
      <div className="board">
        {requestStatuses.map((status) => (
          <BoardColumn
            key={status}
            status={status}
            filters={filters}
            directory={directory}
            total={totals?.[status] ?? null}
            canMove={canMove}
            dragging={dragging}
            onDragging={setDragging}
            onMove={moves.move}
            lastMoved={moves.lastMoved}
          />
        ))}
      </div>
    </>
  );
}

import { stageLabels } from '@fixstream/schemas';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { useDirectory } from '../directory/use-directory.ts';
import { RequestAssignForm } from '../requests/request-assign-form.tsx';
import { RequestEditForm } from '../requests/request-edit-form.tsx';
import { RequestHistory } from '../requests/request-history.tsx';
import { formatDate, isOverdue, priorityLabels, typeLabels } from '../requests/request-meta.ts';
import { RequestStageButtons } from '../requests/request-stage-buttons.tsx';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC } from '../trpc/trpc.ts';

/** One request: its facts, and the edit, assign and stage controls the role may use. */
export function RequestDetailPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const { user } = useSignedInSession();
  const directory = useDirectory();
  const query = useQuery(trpc.requests.byId.queryOptions({ id }));
  if (query.isPending) return <p className="muted">Loading…</p>;
  if (query.isError)
    return (
      <>
        <h1>Request</h1>
        <p role="alert" className="alert alert-error">
          {query.error.message}
        </p>
        <Link href="/">Back to the board</Link>
      </>
    );
  const request = query.data;
  const equipment = directory.equipmentById(request.equipment);
  return (
    <article className="detail">
      <p>
        <Link href="/">← Board</Link>
      </p>
      <h1>{request.subject}</h1>
      <p className="badges">
        <span className={`badge badge-${request.type}`}>{typeLabels[request.type]}</span>
        <span className="badge">{stageLabels[request.status]}</span>
        {isOverdue(request) ? <span className="badge badge-overdue">Overdue</span> : null}
      </p>
      <dl className="facts">
        <dt>Equipment</dt>
        <dd>{equipment ? `${equipment.name} (${equipment.serialNumber})` : '—'}</dd>
        <dt>Location</dt>
        <dd>{equipment?.location ?? '—'}</dd>
        <dt>Team</dt>
        <dd>{directory.team(request.maintenanceTeam)?.name ?? '—'}</dd>
        <dt>Technician</dt>
        <dd>{directory.personName(request.assignedTechnician)}</dd>
        <dt>Requested by</dt>
        <dd>{directory.personName(request.requestedBy)}</dd>
        <dt>Priority</dt>
        <dd>{priorityLabels[request.priority]}</dd>
        <dt>Scheduled</dt>
        <dd>{formatDate(request.scheduledDate)}</dd>
        <dt>Duration</dt>
        <dd>{request.duration === null ? '—' : `${request.duration} h`}</dd>
        <dt>Created</dt>
        <dd>{formatDate(request.createdAt)}</dd>
        <dt>Closed</dt>
        <dd>{formatDate(request.closedAt)}</dd>
      </dl>
      {request.description ? <p className="description">{request.description}</p> : null}
      <div className="detail-actions">
        {can(user.role, 'moveStages') ? <RequestStageButtons request={request} /> : null}
        {can(user.role, 'assign') ? (
          <RequestAssignForm key={request.assignedTechnician} request={request} directory={directory} />
        ) : null}
        {can(user.role, 'editRequests') ? <RequestEditForm request={request} /> : null}
      </div>
      <RequestHistory requestId={request.id} />
    </article>
  );
}

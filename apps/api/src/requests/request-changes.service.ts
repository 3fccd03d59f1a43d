import { requestAssigned, requestRescheduled, requestStatusChanged } from '@fixstream/events';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { RequestOutput, UpdateRequestInput } from './request.schemas.ts';
import { getRequest } from './request.service.ts';
import { assertTransition, closedStages } from './request-lifecycle.ts';
import { changeRequest, type RequestChange, type RequestForChange } from './request-revision-fence.ts';

/**
 * Moves a request to another stage and records `maintenance/request.status-changed` in the same write. Two
 * people moving it at once cannot both win: the second move is checked again against the stage the first one
 * left (see `changeRequest`).
 */
export async function updateStatus(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; status: RequestOutput['status'] },
): Promise<RequestOutput> {
  let team = '';
  await changeRequest(deps, { id: input.id, companyId: user.companyId }, async (current) => {
    assertTransition(current.status, input.status);
    team = current.maintenanceTeam.toString();
    return {
      set: { status: input.status, closedAt: closedStages.includes(input.status) ? new Date() : null },
      event: requestStatusChanged.create(
        {
          requestId: input.id,
          companyId: user.companyId,
          from: current.status,
          to: input.status,
          changedById: user.id,
        },
        { trace: deps.trace },
      ),
    };
  });
  await deps.statsCache.invalidate(user.companyId, team);
  return getRequest(deps, user, input.id);
}

/**
 * Gives a request another technician, who must be an active member of the request's team, and records
 * `maintenance/request.assigned` so the new technician is told.
 */
export async function assignTechnician(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; technicianId: string },
): Promise<RequestOutput> {
  await changeRequest(deps, { id: input.id, companyId: user.companyId }, (current) =>
    decideAssignment(deps, user, input, current),
  );
  return getRequest(deps, user, input.id);
}

async function decideAssignment(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; technicianId: string },
  current: RequestForChange,
): Promise<RequestChange> {
  const { Team, User } = deps.db.models;
  if (closedStages.includes(current.status)) {
    throw new AppError(AppErrorCode.BadInput, 'A closed request cannot be reassigned; reopen it first');
  }
  const [technician, team] = await Promise.all([
    User.findOne({ _id: input.technicianId, company: user.companyId }, { name: 1, active: 1 }).lean(),
    Team.findOne({ _id: current.maintenanceTeam, company: user.companyId }, { name: 1, members: 1 }).lean(),
  ]);
  if (!technician) throw notFound('Technician');
  if (!team) throw notFound('Maintenance team');
  if (!technician.active)
    throw new AppError(AppErrorCode.BadInput, `Technician ${technician.name} is deactivated`);
  if (!team.members.some((member) => member.equals(technician._id))) {
    throw new AppError(
      AppErrorCode.BadInput,
      `Technician ${technician.name} is not a member of team ${team.name}`,
    );
  }
  const previous = current.assignedTechnician ?? null;
  if (previous?.equals(technician._id)) {
    throw new AppError(AppErrorCode.BadInput, `The request is already assigned to ${technician.name}`);
  }
  return {
    set: { assignedTechnician: technician._id },
    event: requestAssigned.create(
      {
        requestId: input.id,
        companyId: user.companyId,
        technicianId: input.technicianId,
        previousTechnicianId: previous?.toString() ?? null,
        assignedById: user.id,
      },
      { trace: deps.trace },
    ),
  };
}

/**
 * Changes the plan of a request (description, priority, scheduled date, duration); no one is mailed for these.
 * A new scheduled date records `maintenance/request.rescheduled` in the same write, so the reminder follows it.
 */
export async function updateRequest(
  deps: ApiDeps,
  user: SessionUser,
  input: UpdateRequestInput,
): Promise<RequestOutput> {
  const { id, ...fields } = input;
  const set = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  await changeRequest(deps, { id, companyId: user.companyId }, async (current) => ({
    set,
    event: reschedulingOf(deps, current, fields.scheduledDate, user),
  }));
  return getRequest(deps, user, id);
}

function reschedulingOf(
  deps: Pick<ApiDeps, 'trace'>,
  current: RequestForChange,
  scheduledDate: Date | null | undefined,
  user: SessionUser,
): RequestChange['event'] {
  if (scheduledDate === undefined) return null;
  const from = current.scheduledDate ?? null;
  if ((from?.getTime() ?? null) === (scheduledDate?.getTime() ?? null)) return null;
  return requestRescheduled.create(
    {
      requestId: current._id.toString(),
      companyId: user.companyId,
      type: current.type,
      from: from?.toISOString() ?? null,
      to: scheduledDate?.toISOString() ?? null,
      changedById: user.id,
    },
    { trace: deps.trace },
  );
}

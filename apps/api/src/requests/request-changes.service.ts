import { requestAssigned, requestStatusChanged } from '@fixstream/events';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { writeWithEvent } from '../outbox/write-with-event.ts';
import { KeyedLock } from '../shared/keyed-lock.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { RequestOutput, UpdateRequestInput } from './request.schemas.ts';
import { getRequest } from './request.service.ts';
import { assertTransition, closedStages } from './request-lifecycle.ts';

/** One change at a time per request in this process (see `KeyedLock`). */
const requestLock = new KeyedLock();

const conflict = () =>
  new AppError(
    AppErrorCode.Conflict,
    'The request was changed by someone else meanwhile; reload it and try again',
  );

async function loadForChange(deps: ApiDeps, user: SessionUser, id: string) {
  const request = await deps.db.models.Request.findOne(
    { _id: id, company: user.companyId },
    { status: 1, assignedTechnician: 1, maintenanceTeam: 1 },
  ).lean();
  if (!request) throw notFound('Maintenance request');
  return request;
}

/**
 * Moves a request to another stage and records `maintenance/request.status-changed` in the same write. The write
 * only applies if the stage is still the one the move starts from, so two people moving it at once cannot both win.
 */
export function updateStatus(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; status: RequestOutput['status'] },
): Promise<RequestOutput> {
  return requestLock.run(input.id, () => applyStatus(deps, user, input));
}

async function applyStatus(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; status: RequestOutput['status'] },
): Promise<RequestOutput> {
  const current = await loadForChange(deps, user, input.id);
  assertTransition(current.status, input.status);
  const event = requestStatusChanged.create({
    requestId: input.id,
    companyId: user.companyId,
    from: current.status,
    to: input.status,
    changedById: user.id,
  });
  const applied = await writeWithEvent(
    deps,
    { _id: current._id, company: user.companyId, status: current.status },
    { status: input.status, closedAt: closedStages.includes(input.status) ? new Date() : null },
    event,
  );
  if (!applied) throw conflict();
  return getRequest(deps, user, input.id);
}

/**
 * Gives a request another technician, who must be an active member of the request's team, and records
 * `maintenance/request.assigned` so the new technician is told.
 */
export function assignTechnician(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; technicianId: string },
): Promise<RequestOutput> {
  return requestLock.run(input.id, () => applyAssignment(deps, user, input));
}

async function applyAssignment(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; technicianId: string },
): Promise<RequestOutput> {
  const { Team, User } = deps.db.models;
  const current = await loadForChange(deps, user, input.id);
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
  const event = requestAssigned.create({
    requestId: input.id,
    companyId: user.companyId,
    technicianId: input.technicianId,
    previousTechnicianId: previous?.toString() ?? null,
    assignedById: user.id,
  });
  const applied = await writeWithEvent(
    deps,
    { _id: current._id, company: user.companyId, assignedTechnician: previous },
    { assignedTechnician: technician._id },
    event,
  );
  if (!applied) throw conflict();
  return getRequest(deps, user, input.id);
}

/** Changes the plan of a request (description, priority, scheduled date, duration); no one is mailed for these. */
export function updateRequest(
  deps: ApiDeps,
  user: SessionUser,
  input: UpdateRequestInput,
): Promise<RequestOutput> {
  return requestLock.run(input.id, () => applyUpdate(deps, user, input));
}

async function applyUpdate(
  deps: ApiDeps,
  user: SessionUser,
  input: UpdateRequestInput,
): Promise<RequestOutput> {
  const { id, ...fields } = input;
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const result = await deps.db.models.Request.updateOne(
    { _id: id, company: user.companyId },
    { $set: changes },
  );
  if (result.matchedCount === 0) throw notFound('Maintenance request');
  return getRequest(deps, user, id);
}

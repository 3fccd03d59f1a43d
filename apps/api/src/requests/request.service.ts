import { requestOutboxRef } from '@fixstream/db';
import { requestCreated } from '@fixstream/events';
import { owedBy } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { requestVisibility } from '../policy/request-visibility.ts';
import type { SessionUser } from '../trpc/init.ts';
import { toRequestOutput } from './request.dto.ts';
import type { CreateRequestInput, RequestOutput } from './request.schemas.ts';

/**
 * Creates a request and its `maintenance/request.created` event in one document write, then publishes the
 * event. Every reference is checked first, so a refused request writes nothing.
 */
export async function createRequest(
  deps: ApiDeps,
  user: SessionUser,
  input: CreateRequestInput,
): Promise<RequestOutput> {
  const { Equipment, Team, User, Request } = deps.db.models;
  const company = user.companyId;
  const [equipment, team, technician] = await Promise.all([
    Equipment.findOne({ _id: input.equipment, company }, { name: 1 }).lean(),
    Team.findOne({ _id: input.maintenanceTeam, company }, { name: 1, members: 1 }).lean(),
    User.findOne({ _id: input.assignedTechnician, company }, { name: 1, active: 1 }).lean(),
  ]);
  if (!equipment) throw notFound('Equipment');
  if (!team) throw notFound('Maintenance team');
  if (!technician) throw notFound('Technician');
  if (!technician.active) {
    throw new AppError(AppErrorCode.BadInput, `Technician ${technician.name} is deactivated`);
  }
  if (!team.members.some((member) => member.equals(technician._id))) {
    throw new AppError(
      AppErrorCode.BadInput,
      `Technician ${technician.name} is not a member of team ${team.name}`,
    );
  }

  const _id = new Types.ObjectId();
  const event = requestCreated.create({
    requestId: _id.toString(),
    companyId: company,
    type: input.type,
    assignedTechnicianId: technician._id.toString(),
    requestedById: user.id,
  });
  const created = await deps.outbox.write(owedBy(requestOutboxRef(_id.toString()), [event]), () =>
    Request.create({
      _id,
      subject: input.subject,
      description: input.description ?? null,
      type: input.type,
      priority: input.priority,
      equipment: equipment._id,
      maintenanceTeam: team._id,
      assignedTechnician: technician._id,
      requestedBy: user.id,
      company,
      scheduledDate: input.scheduledDate ?? null,
      duration: input.duration ?? null,
      outbox: [event],
    }),
  );
  if (!created) throw new Error('the request was not created');
  await deps.statsCache.invalidate(company);
  return toRequestOutput(created.toObject());
}

export async function getRequest(deps: ApiDeps, user: SessionUser, id: string): Promise<RequestOutput> {
  const visible = await requestVisibility(deps.db, user);
  const doc = await deps.db.models.Request.findOne({ ...visible, _id: id }, { outbox: 0 }).lean();
  if (!doc) throw notFound('Maintenance request');
  return toRequestOutput(doc);
}

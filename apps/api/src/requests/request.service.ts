import { requestCreated } from '@fixstream/events';
import { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { outboxGraceMs, publishOwed } from '../outbox/publish-owed.ts';
import type { SessionUser } from '../trpc/init.ts';
import { toRequestOutput } from './request.dto.ts';
import type { CreateRequestInput, ListRequestsInput, RequestOutput } from './request.schemas.ts';

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
  const created = await Request.create({
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
    outboxDueAt: new Date(Date.now() + outboxGraceMs),
  });
  await publishOwed(
    deps,
    { makeDueNow: () => Request.updateOne({ _id }, { $set: { outboxDueAt: new Date() } }) },
    [event],
  );
  return toRequestOutput(created.toObject());
}

export async function getRequest(deps: ApiDeps, user: SessionUser, id: string): Promise<RequestOutput> {
  const doc = await deps.db.models.Request.findOne(
    { _id: id, company: user.companyId },
    { outbox: 0 },
  ).lean();
  if (!doc) throw notFound('Maintenance request');
  return toRequestOutput(doc);
}

/** Newest first, paged by `_id` so a page never shifts when requests are added meanwhile. */
export async function listRequests(
  deps: ApiDeps,
  user: SessionUser,
  input: ListRequestsInput,
): Promise<{ items: RequestOutput[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = { company: user.companyId };
  if (input.status) filter.status = input.status;
  if (input.type) filter.type = input.type;
  if (input.team) filter.maintenanceTeam = input.team;
  if (input.technician) filter.assignedTechnician = input.technician;
  if (input.equipment) filter.equipment = input.equipment;
  if (input.cursor) filter._id = { $lt: new Types.ObjectId(input.cursor) };
  const docs = await deps.db.models.Request.find(filter, { outbox: 0 })
    .sort({ _id: -1 })
    .limit(input.limit + 1)
    .lean();
  const page = docs.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toRequestOutput),
    nextCursor: docs.length > input.limit && last ? last._id.toString() : null,
  };
}

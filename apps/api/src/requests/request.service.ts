import { requestOutboxRef } from '@fixstream/db';
import { requestCreated } from '@fixstream/events';
import { owedBy } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { requestVisibility } from '../policy/request-visibility.ts';
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
  return toRequestOutput(created.toObject());
}

export async function getRequest(deps: ApiDeps, user: SessionUser, id: string): Promise<RequestOutput> {
  const visible = await requestVisibility(deps.db, user);
  const doc = await deps.db.models.Request.findOne({ ...visible, _id: id }, { outbox: 0 }).lean();
  if (!doc) throw notFound('Maintenance request');
  return toRequestOutput(doc);
}

const openStages = ['new', 'in_progress'];

/**
 * The requests the caller may see, filtered, in the chosen order, a page at a time. The cursor carries the sort
 * key of the last row (`<priority>:<id>` for priority order), so pages never shift when requests are added.
 */
export async function listRequests(
  deps: ApiDeps,
  user: SessionUser,
  input: ListRequestsInput,
): Promise<{ items: RequestOutput[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = await requestVisibility(deps.db, user);
  if (input.status) filter.status = input.status;
  if (input.type) filter.type = input.type;
  if (input.team) filter.maintenanceTeam = input.team;
  if (input.technician) filter.assignedTechnician = input.technician;
  if (input.equipment) filter.equipment = input.equipment;
  if (input.overdue === true) {
    filter.scheduledDate = { $lt: new Date() };
    if (!input.status) filter.status = { $in: openStages };
    else if (!openStages.includes(input.status)) return { items: [], nextCursor: null };
  }
  const page = pageOrder(input);
  const query = input.cursor ? { $and: [filter, page.after(input.cursor)] } : filter;
  const docs = await deps.db.models.Request.find(query, { outbox: 0 })
    .sort(page.sort)
    .limit(input.limit + 1)
    .lean();
  const rows = docs.slice(0, input.limit);
  const last = rows.at(-1);
  return {
    items: rows.map(toRequestOutput),
    nextCursor: docs.length > input.limit && last ? page.cursorOf(last) : null,
  };
}

function pageOrder(input: ListRequestsInput) {
  const id = (value: string) => new Types.ObjectId(value);
  switch (input.sort) {
    case 'oldest':
      return {
        sort: { _id: 1 } as Record<string, 1 | -1>,
        after: (cursor: string) => ({ _id: { $gt: id(cursor) } }),
        cursorOf: (doc: { _id: Types.ObjectId }) => doc._id.toString(),
      };
    case 'priority':
      return {
        sort: { priority: -1, _id: -1 } as Record<string, 1 | -1>,
        after: (cursor: string) => {
          const [priority, last] = cursor.includes(':') ? cursor.split(':') : ['3', cursor];
          return {
            $or: [
              { priority: { $lt: Number(priority) } },
              { priority: Number(priority), _id: { $lt: id(last ?? '') } },
            ],
          };
        },
        cursorOf: (doc: { _id: Types.ObjectId; priority: number }) => `${doc.priority}:${doc._id.toString()}`,
      };
    default:
      return {
        sort: { _id: -1 } as Record<string, 1 | -1>,
        after: (cursor: string) => ({ _id: { $lt: id(cursor.slice(-24)) } }),
        cursorOf: (doc: { _id: Types.ObjectId }) => doc._id.toString(),
      };
  }
}

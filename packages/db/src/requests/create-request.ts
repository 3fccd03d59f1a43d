import { type EventTraceContext, requestCreated } from '@fixstream/events';
import { type Outbox, owedBy } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { Database } from '../database.ts';
import type { RequestType } from '../models/request.model.ts';
import { requestOutboxRef } from '../request-outbox.ts';
import { writeRequestSearchTerms } from '../search/request-search-terms.ts';
import { insertRequest, type StoredRequest } from './insert-request.ts';

/** A new request as its creator asks for it; references are ids of the creator's company. */
export interface NewRequest {
  companyId: string;
  requestedById: string;
  subject: string;
  description?: string | null;
  type: RequestType;
  priority: number;
  equipment: string;
  maintenanceTeam: string;
  assignedTechnician: string;
  scheduledDate?: Date | null;
  duration?: number | null;
}

/** Why a request was refused, in words a person understands; `kind` lets each app pick its own error code. */
export class RequestRefused extends Error {
  override readonly name = 'RequestRefused';
  constructor(
    readonly kind: 'not-found' | 'bad-input',
    message: string,
  ) {
    super(message);
  }
}

/** What {@link createRequestRecord} needs: the models and the outbox that writes and publishes the event. */
export interface CreateRequestDeps {
  db: Database;
  outbox: Outbox;
  /** The trace context the event carries (the API's call); without it, the active span's (a worker's run). */
  trace?: EventTraceContext;
}

/** The created request, or `created: false` when a request with the given id already existed. */
export type CreateRequestResult =
  | { created: true; request: StoredRequest }
  | { created: false; requestId: string };

/**
 * The one way a maintenance request comes into being, for the API and the worker's jobs alike: checks every
 * reference (equipment, team, an active technician on that team, all of the company), then writes the request
 * and its `maintenance/request.created` event in one document write through the outbox, which publishes it (so
 * the technician is mailed by `send-request-notification`). Its search terms (terms and stage term revision 0)
 * are written beside its owed row, both before the request, so `requests.list` finds it by subject as soon as it
 * exists. Each of the three writes goes with those of concurrent creates, in one command per collection. A refused
 * request writes nothing.
 *
 * With `id`, the request is inserted on that `_id`: a caller that decided the id beforehand (the preventive job
 * records it in a claim) can call again after a crash and gets `created: false` instead of a second request.
 */
export async function createRequestRecord(
  deps: CreateRequestDeps,
  input: NewRequest,
  options: { id?: string } = {},
): Promise<CreateRequestResult> {
  const { Equipment, Team, User } = deps.db.models;
  const company = input.companyId;
  const [equipment, team, technician] = await Promise.all([
    Equipment.findOne({ _id: input.equipment, company }, { name: 1 }).lean(),
    Team.findOne({ _id: input.maintenanceTeam, company }, { name: 1, members: 1 }).lean(),
    User.findOne({ _id: input.assignedTechnician, company }, { name: 1, active: 1 }).lean(),
  ]);
  if (!equipment) throw new RequestRefused('not-found', 'Equipment not found');
  if (!team) throw new RequestRefused('not-found', 'Maintenance team not found');
  if (!technician) throw new RequestRefused('not-found', 'Technician not found');
  if (!technician.active) {
    throw new RequestRefused('bad-input', `Technician ${technician.name} is deactivated`);
  }
  if (!team.members.some((member) => member.equals(technician._id))) {
    throw new RequestRefused(
      'bad-input',
      `Technician ${technician.name} is not a member of team ${team.name}`,
    );
  }

  const _id = options.id ? new Types.ObjectId(options.id) : new Types.ObjectId();
  const event = requestCreated.create(
    {
      requestId: _id.toString(),
      companyId: company,
      type: input.type,
      assignedTechnicianId: technician._id.toString(),
      requestedById: input.requestedById,
    },
    { trace: deps.trace },
  );
  const terms = writeRequestSearchTerms(
    deps.db,
    {
      _id,
      company,
      maintenanceTeam: team._id,
      requestedBy: input.requestedById,
      subject: input.subject,
      priority: input.priority,
      status: 'new',
    },
    { words: 0, stage: 0 },
  );
  // Awaited before the insert; owed rows that fail first must not leave its failure unhandled.
  terms.catch(() => {});
  const created = await deps.outbox.write(owedBy(requestOutboxRef(_id.toString()), [event]), async () => {
    await terms;
    const stored = await insertRequest(deps.db, {
      _id,
      subject: input.subject,
      description: input.description ?? null,
      type: input.type,
      priority: input.priority,
      equipment: equipment._id,
      maintenanceTeam: team._id,
      assignedTechnician: technician._id,
      requestedBy: input.requestedById,
      company,
      scheduledDate: input.scheduledDate ?? null,
      duration: input.duration ?? null,
      outbox: [event],
    });
    // Only a caller-chosen id can collide: the request exists, with the event of the call that created it.
    if (stored === null && !options.id) throw new Error(`request ${_id} already exists`);
    return stored;
  });
  return created ? { created: true, request: created } : { created: false, requestId: _id.toString() };
}

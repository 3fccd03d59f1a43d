import { type Database, requestOutboxRef } from '@fixstream/db';
import { type EventEnvelope, type EventOf, requestCreated } from '@fixstream/events';
import { createOutbox, owedBy } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { CompanyFixture } from './company-fixture.ts';

export type RequestCreatedEvent = EventOf<typeof requestCreated>;

/**
 * Who many requests are for, by ids only, so that a company from `pnpm seed` serves as well as one from
 * `createCompany` (see {@link requestPartiesOf}).
 */
export interface RequestParties {
  companyId: string;
  /** Who asks for every request. */
  requesterId: string;
  /** The team of every request. */
  teamId: string;
  /** Members of that team; requests go to them in turn. */
  technicianIds: readonly string[];
  /** Requests are about these in turn. */
  equipmentIds: readonly string[];
}

/** The employee asks, the company's team and its technicians do the work, on each piece of equipment in turn. */
export function requestPartiesOf(company: CompanyFixture): RequestParties {
  return {
    companyId: company.companyId,
    requesterId: company.employee.id,
    teamId: company.team.id,
    technicianIds: company.team.memberIds,
    equipmentIds: company.equipment.map((item) => item.id),
  };
}

export interface InsertRequestsOptions {
  /** Subject of request number `i`. Default `Request <i>`. */
  subject?: (i: number) => string;
  /** Priority of request number `i` (0–3). Default 1. */
  priority?: (i: number) => number;
  description?: string | null;
  /**
   * When the relay looks at the events. Default after the outbox's grace period, as `requests.create` leaves
   * events it published; a test modelling an API that could not publish makes them due at once.
   */
  dueAt?: Date;
  /** Requests per insert. Default 500. */
  batchSize?: number;
}

/**
 * Writes `count` requests with their owed `maintenance/request.created` events exactly as `requests.create` stores
 * them (the event in the request's outbox, a row in `outbox_owed`), without the API in the way, and publishes
 * nothing: the caller publishes the returned events, or leaves them to the relay. Types alternate corrective and
 * preventive; technicians and equipment are taken in turn.
 */
export async function insertRequests(
  db: Database,
  parties: RequestParties,
  count: number,
  options: InsertRequestsOptions = {},
): Promise<RequestCreatedEvent[]> {
  if (parties.technicianIds.length === 0 || parties.equipmentIds.length === 0)
    throw new Error('requests need at least one technician and one piece of equipment');
  const docs = Array.from({ length: count }, (_, i) => {
    const _id = new Types.ObjectId();
    const technician = parties.technicianIds[i % parties.technicianIds.length] as string;
    const event = requestCreated.create({
      requestId: _id.toString(),
      companyId: parties.companyId,
      type: i % 2 ? 'preventive' : 'corrective',
      assignedTechnicianId: technician,
      requestedById: parties.requesterId,
    });
    return {
      _id,
      subject: options.subject?.(i) ?? `Request ${i}`,
      description: options.description ?? null,
      type: event.data.type,
      status: 'new',
      priority: options.priority?.(i) ?? 1,
      equipment: new Types.ObjectId(parties.equipmentIds[i % parties.equipmentIds.length]),
      maintenanceTeam: new Types.ObjectId(parties.teamId),
      assignedTechnician: new Types.ObjectId(technician),
      requestedBy: new Types.ObjectId(parties.requesterId),
      company: new Types.ObjectId(parties.companyId),
      outbox: [event],
      revision: 0,
    };
  });
  const outbox = createOutbox(db.storage);
  const batchSize = options.batchSize ?? 500;
  for (let i = 0; i < docs.length; i += batchSize) {
    const batch = docs.slice(i, i + batchSize);
    await outbox.write(
      batch.flatMap((doc) => owedBy(requestOutboxRef(doc._id.toString()), doc.outbox)),
      () => db.models.Request.insertMany(batch),
      { publish: false, dueAt: options.dueAt },
    );
  }
  return docs.map((doc) => doc.outbox[0] as RequestCreatedEvent);
}

/**
 * Bare requests that owe one event each, of any type (the runtime's test events as well as the catalog's), written
 * through the outbox as an API that could not publish leaves them: nothing is published, and the relay looks at
 * them from `dueAt`, at once by default. The documents carry only a subject and the outbox, so they bypass the
 * request schema: they are for tests of the relay and the runtime, not of the domain. Returns the request ids.
 */
export async function writeOwingRequests(
  db: Database,
  events: readonly EventEnvelope[],
  options: { dueAt?: Date } = {},
): Promise<Types.ObjectId[]> {
  const docs = events.map((event) => ({ _id: new Types.ObjectId(), subject: 'owed', outbox: [event] }));
  const owed = docs.flatMap((doc) => owedBy(requestOutboxRef(String(doc._id)), doc.outbox));
  await createOutbox(db.storage).write(owed, () => db.models.Request.collection.insertMany(docs), {
    publish: false,
    dueAt: options.dueAt ?? new Date(Date.now() - 1),
  });
  return docs.map((doc) => doc._id);
}

import { type Database, requestOutboxRef } from '@fixstream/db';
import { type EventOf, requestCreated } from '@fixstream/events';
import { createOutbox, owedBy } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { RequestParties } from './seed-data.ts';

export type RequestCreatedEvent = EventOf<typeof requestCreated>;

/**
 * Writes `count` requests with their owed `request.created` events exactly as `requests.create` stores them
 * (outbox embedded, a row in `outbox_owed` due after the API's grace period), without the API in the way, so the email figures
 * measure the worker alone. Returns the events for the caller to publish.
 */
export async function insertRequests(
  db: Database,
  parties: RequestParties,
  count: number,
  tag: string,
): Promise<RequestCreatedEvent[]> {
  const events: RequestCreatedEvent[] = [];
  const docs = Array.from({ length: count }, (_, i) => {
    const _id = new Types.ObjectId();
    const technician = parties.technicianIds[i % parties.technicianIds.length] as string;
    const event = requestCreated.create({
      requestId: _id.toString(),
      companyId: parties.companyId,
      type: i % 2 ? 'preventive' : 'corrective',
      assignedTechnicianId: technician,
      requestedById: parties.requester.id,
    });
    events.push(event);
    return {
      _id,
      subject: `${tag} #${i}`,
      description: 'Benchmark request: the worker mails the technician like any other.',
      type: event.data.type,
      status: 'new',
      priority: i % 4,
      equipment: new Types.ObjectId(parties.equipmentIds[i % parties.equipmentIds.length]),
      maintenanceTeam: new Types.ObjectId(parties.teamId),
      assignedTechnician: new Types.ObjectId(technician),
      requestedBy: new Types.ObjectId(parties.requester.id),
      company: new Types.ObjectId(parties.companyId),
      outbox: [event],
      revision: 0,
    };
  });
  const outbox = createOutbox(db.storage);
  for (let i = 0; i < docs.length; i += 500) {
    const part = docs.slice(i, i + 500);
    await outbox.write(
      part.flatMap((doc) => owedBy(requestOutboxRef(doc._id.toString()), doc.outbox)),
      () => db.models.Request.insertMany(part),
      { publish: false },
    );
  }
  return events;
}

/** Events for the no-op bus figures: valid `request.created` envelopes whose requests need not exist. */
export function noopEvents(count: number): RequestCreatedEvent[] {
  const companyId = new Types.ObjectId().toString();
  const people = [new Types.ObjectId().toString(), new Types.ObjectId().toString()];
  return Array.from({ length: count }, (_, i) =>
    requestCreated.create({
      requestId: new Types.ObjectId().toString(),
      companyId,
      type: i % 2 ? 'preventive' : 'corrective',
      assignedTechnicianId: people[0] as string,
      requestedById: people[1] as string,
    }),
  );
}

/** The Message-ID the worker gives the mail of `event` (apps/worker/src/functions/function-deps.ts). */
export function workerMessageId(event: RequestCreatedEvent, domain: string): string {
  return `<${event.id}.send-request-notification@${domain}>`;
}

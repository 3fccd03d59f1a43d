import type { Database } from '@fixstream/db';
import { requestCreated } from '@fixstream/events';
import { insertRequests, type RequestCreatedEvent } from '@fixstream/test-support';
import { Types } from 'mongoose';
import type { RequestParties } from './seed-data.ts';

/**
 * Writes `count` requests with their owed `request.created` events exactly as `requests.create` stores them
 * (the shared `insertRequests`: outbox embedded, a row in `outbox_owed` due after the API's grace period), without
 * the API in the way, so the email figures measure the worker alone. Returns the events for the caller to publish.
 */
export function insertBenchRequests(
  db: Database,
  parties: RequestParties,
  count: number,
  tag: string,
): Promise<RequestCreatedEvent[]> {
  return insertRequests(db, parties, count, {
    subject: (i) => `${tag} #${i}`,
    description: 'Benchmark request: the worker mails the technician like any other.',
    priority: (i) => i % 4,
  });
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

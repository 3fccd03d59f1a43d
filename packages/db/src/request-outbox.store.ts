import type { EventEnvelope, OutboxStore } from '@fixstream/events';
import { Types } from 'mongoose';
import type { Database } from './database.ts';

/**
 * The outboxes of maintenance requests, for the relay. Settling is a compare-and-set on `outboxRev`: if the API
 * appended an event since the relay read the document, the relay's write is skipped and it looks again.
 */
export function createRequestOutboxStore(db: Database): OutboxStore {
  const requests = db.models.Request.collection;
  return {
    async due(now, limit) {
      const docs = await requests
        .find({ outboxDueAt: { $lte: now } }, { projection: { outbox: 1, outboxRev: 1 } })
        .sort({ outboxDueAt: 1 })
        .limit(limit)
        .toArray();
      return docs.map((doc) => ({
        ref: String(doc._id),
        rev: typeof doc.outboxRev === 'number' ? doc.outboxRev : 0,
        events: (doc.outbox ?? []) as EventEnvelope[],
      }));
    },
    async settle(settlements) {
      if (settlements.length === 0) return;
      await requests.bulkWrite(
        settlements.map((s) => ({
          updateOne: {
            filter: { _id: new Types.ObjectId(s.ref), outboxRev: s.rev },
            update: { $set: { outbox: s.remaining, outboxDueAt: s.nextDueAt }, $inc: { outboxRev: 1 } },
          },
        })),
        { ordered: false },
      );
    },
  };
}

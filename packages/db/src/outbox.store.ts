import type { EventEnvelope, OutboxStore } from '@fixstream/events';
import type { Collection, Document } from 'mongodb';
import { Types } from 'mongoose';
import type { Database } from './database.ts';
import { bulkUpdate } from './mongo-helpers.ts';

/** `<collection>:<id>`: refs tell the store which collection a document lives in. */
const separator = ':';

/**
 * The outboxes the relay watches: maintenance requests (events written with a change) and pending events
 * (replays and re-drives). Settling is a compare-and-set on `outboxRev`: if the API appended an event since the
 * relay read the document, the relay's write is skipped and it looks again on its next pass.
 */
export function createOutboxStore(db: Database): OutboxStore {
  const sources = [
    {
      name: 'request',
      collection: db.models.Request.collection as unknown as Collection<Document>,
      toId: toObjectId,
    },
    {
      name: 'pending',
      collection: db.models.PendingEvent.collection as unknown as Collection<Document>,
      toId: toStringId,
    },
  ];
  return {
    async due(now, limit) {
      const lists = await Promise.all(
        sources.map(async (source) => {
          const docs = await source.collection
            .find({ outboxDueAt: { $lte: now } }, { projection: { outbox: 1, outboxRev: 1, outboxDueAt: 1 } })
            .sort({ outboxDueAt: 1 })
            .limit(limit)
            .toArray();
          return docs.map((doc) => ({
            dueAt: doc.outboxDueAt as Date,
            owed: {
              ref: `${source.name}${separator}${String(doc._id)}`,
              rev: typeof doc.outboxRev === 'number' ? doc.outboxRev : 0,
              events: (doc.outbox ?? []) as EventEnvelope[],
            },
          }));
        }),
      );
      return lists
        .flat()
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
        .slice(0, limit)
        .map((entry) => entry.owed);
    },
    async settle(settlements) {
      await Promise.all(
        sources.map(async (source) => {
          const mine = settlements.filter((s) => s.ref.startsWith(`${source.name}${separator}`));
          if (mine.length === 0) return;
          await bulkUpdate(
            source.collection,
            mine.map((s) => ({
              updateOne: {
                filter: { _id: source.toId(s.ref.slice(source.name.length + 1)) as never, outboxRev: s.rev },
                update: { $set: { outbox: s.remaining, outboxDueAt: s.nextDueAt }, $inc: { outboxRev: 1 } },
              },
            })),
          );
        }),
      );
    },
  };
}

const toObjectId = (id: string): unknown => new Types.ObjectId(id);
const toStringId = (id: string): unknown => id;

/**
 * Makes events owed outside any aggregate, due at once, so the relay publishes them (again) and keeps them until
 * every subscribed function has finished them. Used by `pnpm ops replay` and `redrive`.
 */
export async function oweEvents(
  db: Database,
  events: readonly EventEnvelope[],
  reason: string,
): Promise<void> {
  if (events.length === 0) return;
  const now = new Date();
  await db.models.PendingEvent.collection.insertMany(
    events.map((event) => ({
      _id: `${event.id}:${now.getTime()}:${Math.random().toString(36).slice(2, 8)}` as never,
      outbox: [event],
      outboxDueAt: now,
      outboxRev: 0,
      reason,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

import type { DueEvent, EventEnvelope, OutboxStore } from '@fixstream/events';
import type { Collection, Document } from 'mongodb';
import { Types } from 'mongoose';
import type { Database } from './database.ts';
import { bulkUpdate } from './mongo-helpers.ts';
import { type OutboxSource, outboxRef, owedRowId, recordOwedEvents } from './owed-events.ts';

/** Rows whose event is not in its document are kept this long: the write that puts it there may still be coming. */
const defaultOrphanAfterMs = 5 * 60_000;

interface OutboxSourceCollection {
  collection: Collection<Document>;
  toId(id: string): unknown;
  /**
   * Whether the relay removes the document once its event is settled: only for documents that no one else writes
   * and that hold one event each (pending events).
   */
  removeWhenSettled: boolean;
}

interface OwedRow {
  _id: string;
  eventId: string;
  eventName: string;
  occurredAt: Date;
  ref: string;
  dueAt: Date;
  publishedEntryId?: string | null;
  suspectSince?: Date | null;
  createdAt: Date;
}

export interface OutboxStoreOptions {
  /** How long a row may point at an event its document does not hold before it is dropped. */
  orphanAfterMs?: number;
}

/**
 * The outboxes the relay watches: maintenance requests (events written with a change) and pending events
 * (replays and re-drives), found through `outbox_owed`, one row per owed event. The relay never writes a
 * request: on FerretDB a write is a read and a whole-document replace, and interleaved with the API's own write
 * it could revert a change the API had confirmed. Settling deletes the event's row; the API drops settled events
 * from the outbox on its next write of the request. Documents are read by `_id`: FerretDB answers any filter
 * without one by scanning the collection.
 */
export function createOutboxStore(db: Database, options: OutboxStoreOptions = {}): OutboxStore {
  const orphanAfterMs = options.orphanAfterMs ?? defaultOrphanAfterMs;
  const owedRows = db.models.OwedEvent.collection as unknown as Collection<OwedRow>;
  const sources: Record<OutboxSource, OutboxSourceCollection> = {
    request: {
      collection: db.models.Request.collection as unknown as Collection<Document>,
      toId: toObjectId,
      removeWhenSettled: false,
    },
    pending: {
      collection: db.models.PendingEvent.collection as unknown as Collection<Document>,
      toId: (id) => id,
      removeWhenSettled: true,
    },
  };
  const locate = (ref: string) => {
    const at = ref.indexOf(':');
    const source = sources[ref.slice(0, at) as OutboxSource] as OutboxSourceCollection | undefined;
    return source ? { source, _id: source.toId(ref.slice(at + 1)) as never } : null;
  };
  const loadOutbox = async (ref: string): Promise<EventEnvelope[] | null> => {
    const located = locate(ref);
    const doc = located
      ? await located.source.collection.findOne({ _id: located._id }, { projection: { outbox: 1 } })
      : null;
    return doc ? ((doc.outbox ?? []) as EventEnvelope[]) : null;
  };
  const rowIds = (events: readonly DueEvent[]) => events.map((event) => owedRowId(event.ref, event.eventId));

  return {
    async due(now, limit) {
      const rows = await owedRows
        .find({ dueAt: { $lte: now } }, { projection: { dueAt: 0, createdAt: 0 } })
        .sort({ dueAt: 1 })
        .limit(limit)
        .toArray();
      return rows.map((row) => ({
        ref: row.ref,
        eventId: row.eventId,
        eventName: row.eventName,
        occurredAt: row.occurredAt,
        publishedEntryId: row.publishedEntryId ?? null,
        suspectSince: row.suspectSince ?? null,
      }));
    },

    async postpone(items) {
      await bulkUpdate(
        owedRows,
        items.map(({ event, until, suspectSince, publishedEntryId }) => ({
          updateOne: {
            filter: { _id: owedRowId(event.ref, event.eventId) },
            update: { $set: { dueAt: until, suspectSince, publishedEntryId } },
          },
        })),
      );
    },

    async settle(events) {
      if (events.length === 0) return;
      await owedRows.deleteMany({ _id: { $in: rowIds(events) } });
      const removable = [...new Set(events.map((event) => event.ref))].flatMap((ref) => {
        const located = locate(ref);
        return located?.source.removeWhenSettled ? [located] : [];
      });
      await Promise.all(removable.map(({ source, _id }) => source.collection.deleteOne({ _id })));
    },

    async envelopes(events, now) {
      const byRef = groupByRef(events);
      const refs = [...byRef.keys()];
      const outboxes = await Promise.all(refs.map(loadOutbox));
      const found: EventEnvelope[] = [];
      const orphans: DueEvent[] = [];
      refs.forEach((ref, i) => {
        const held = outboxes[i] ?? [];
        for (const event of byRef.get(ref) ?? []) {
          const envelope = held.find((candidate) => candidate.id === event.eventId);
          if (envelope) found.push(envelope);
          else orphans.push(event);
        }
      });
      await settleOrphans(owedRows, rowIds(orphans), now, orphanAfterMs);
      return found;
    },
  };
}

function groupByRef(events: readonly DueEvent[]): Map<string, DueEvent[]> {
  const byRef = new Map<string, DueEvent[]>();
  for (const event of events) byRef.set(event.ref, [...(byRef.get(event.ref) ?? []), event]);
  return byRef;
}

/**
 * Rows whose event is not in its document: the document's write failed or has not landed yet (young rows are
 * looked at again once they are old enough to be sure), or the API dropped it as settled while a late relay pass
 * still had its row.
 */
async function settleOrphans(
  owedRows: Collection<OwedRow>,
  ids: readonly string[],
  now: Date,
  orphanAfterMs: number,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await Promise.all(
    ids.map((id) => owedRows.findOne({ _id: id }, { projection: { createdAt: 1 } })),
  );
  const found = rows.filter((row) => row !== null);
  const expired = found.filter((row) => now.getTime() - row.createdAt.getTime() >= orphanAfterMs);
  if (expired.length > 0) await owedRows.deleteMany({ _id: { $in: expired.map((row) => row._id) } });
  await bulkUpdate(
    owedRows,
    found
      .filter((row) => !expired.includes(row))
      .map((row) => ({
        updateOne: {
          filter: { _id: row._id },
          update: { $set: { dueAt: new Date(row.createdAt.getTime() + orphanAfterMs) } },
        },
      })),
  );
}

const toObjectId = (id: string): unknown => new Types.ObjectId(id);

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
  const docs = events.map((event) => ({
    _id: `${event.id}:${now.getTime()}:${Math.random().toString(36).slice(2, 8)}`,
    outbox: [event],
    reason,
    createdAt: now,
    updatedAt: now,
  }));
  await recordOwedEvents(
    db,
    docs.map((doc) => ({ ref: outboxRef('pending', doc._id), event: doc.outbox[0] as EventEnvelope })),
    now,
  );
  await db.models.PendingEvent.collection.insertMany(docs as never[]);
}

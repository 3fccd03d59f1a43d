import type { DueEvent, EventEnvelope, OutboxStore } from '@fixstream/events';
import type { Collection, Document } from 'mongodb';
import { Types } from 'mongoose';
import type { Database } from './database.ts';
import { bulkUpdate } from './mongo-helpers.ts';
import { type OutboxSource, outboxRef, owedRowId, recordOwedEvents } from './owed-events.ts';

/** Rows whose event is not in its document are kept this long: the write that puts it there may still be coming. */
const defaultOrphanAfterMs = 5 * 60_000;

/** Outboxes finished at once; each write is one small command (see `updateChunkSize` for why not one big one). */
const parallelWrites = 4;

interface OutboxSourceCollection {
  collection: Collection<Document>;
  toId(id: string): unknown;
}

interface OwedRow {
  _id: string;
  eventId: string;
  eventName: string;
  occurredAt: Date;
  ref: string;
  dueAt: Date;
  createdAt: Date;
}

export interface OutboxStoreOptions {
  /** How long a row may point at an event its document does not hold before it is dropped. */
  orphanAfterMs?: number;
}

/**
 * The outboxes the relay watches: maintenance requests (events written with a change) and pending events
 * (replays and re-drives), found through `outbox_owed`, one row per owed event. Documents are read and written
 * by `_id`: FerretDB answers any filter without one by scanning the collection.
 */
export function createOutboxStore(db: Database, options: OutboxStoreOptions = {}): OutboxStore {
  const orphanAfterMs = options.orphanAfterMs ?? defaultOrphanAfterMs;
  const owedRows = db.models.OwedEvent.collection as unknown as Collection<OwedRow>;
  const sources: Record<OutboxSource, OutboxSourceCollection> = {
    request: {
      collection: db.models.Request.collection as unknown as Collection<Document>,
      toId: toObjectId,
    },
    pending: {
      collection: db.models.PendingEvent.collection as unknown as Collection<Document>,
      toId: (id) => id,
    },
  };
  const locate = (ref: string) => {
    const at = ref.indexOf(':');
    const source = sources[ref.slice(0, at) as OutboxSource] as OutboxSourceCollection | undefined;
    return source ? { collection: source.collection, _id: source.toId(ref.slice(at + 1)) as never } : null;
  };
  const loadOutbox = async (ref: string) => {
    const located = locate(ref);
    const doc = located
      ? await located.collection.findOne({ _id: located._id }, { projection: { outbox: 1, outboxRev: 1 } })
      : null;
    if (!doc) return null;
    return {
      events: (doc.outbox ?? []) as EventEnvelope[],
      rev: typeof doc.outboxRev === 'number' ? doc.outboxRev : 0,
    };
  };
  const rowIds = (events: readonly DueEvent[]) => events.map((event) => owedRowId(event.ref, event.eventId));

  /**
   * Reads the outbox and takes the finished events out if it did not change meanwhile (compare-and-set on
   * `outboxRev`). True when nothing is left to take out: the document or the events are gone already.
   */
  const removeFromOutbox = async (ref: string, eventIds: readonly string[]): Promise<boolean> => {
    const located = locate(ref);
    const outbox = await loadOutbox(ref);
    if (!located || !outbox) return true;
    const remaining = outbox.events.filter((event) => !eventIds.includes(event.id));
    if (remaining.length === outbox.events.length) return true;
    const result = await located.collection.updateOne(
      { _id: located._id, outboxRev: outbox.rev },
      { $set: { outbox: remaining }, $inc: { outboxRev: 1 } },
    );
    return result.matchedCount === 1;
  };

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
      }));
    },

    async postpone(items) {
      await bulkUpdate(
        owedRows,
        items.map(({ event, until }) => ({
          updateOne: {
            filter: { _id: owedRowId(event.ref, event.eventId) },
            update: { $set: { dueAt: until } },
          },
        })),
      );
    },

    async finish(events) {
      const byRef = groupByRef(events);
      const refs = [...byRef.keys()];
      const removed = await inParallel(refs, (ref) =>
        removeFromOutbox(
          ref,
          (byRef.get(ref) ?? []).map((event) => event.eventId),
        ),
      );
      const done = refs.filter((_, i) => removed[i]).flatMap((ref) => byRef.get(ref) ?? []);
      if (done.length > 0) await owedRows.deleteMany({ _id: { $in: rowIds(done) } });
    },

    async envelopes(events, now) {
      const byRef = groupByRef(events);
      const refs = [...byRef.keys()];
      const outboxes = await Promise.all(refs.map(loadOutbox));
      const found: EventEnvelope[] = [];
      const orphans: DueEvent[] = [];
      refs.forEach((ref, i) => {
        const held = outboxes[i]?.events ?? [];
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
 * looked at again once they are old enough to be sure), or the relay took the event out and stopped before it
 * deleted the row.
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

async function inParallel<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += parallelWrites)
    results.push(...(await Promise.all(items.slice(i, i + parallelWrites).map(run))));
  return results;
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
    outboxRev: 0,
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

import type { EventEnvelope, OutboxStore, OwedDocument } from '@fixstream/events';
import type { Collection, Document } from 'mongodb';
import { Types } from 'mongoose';
import type { Database } from './database.ts';
import { bulkUpdate } from './mongo-helpers.ts';
import { type OutboxSource, outboxRef, owedRowId, recordOwedEvents } from './owed-events.ts';

/** Rows whose event is not in its document are kept this long: the write that puts it there may still be coming. */
const defaultOrphanAfterMs = 5 * 60_000;

/** Writes sent at once when settling; each is one small command (see `updateChunkSize` for why not one big one). */
const parallelWrites = 8;

interface OutboxSourceCollection {
  collection: Collection<Document>;
  toId(id: string): unknown;
}

interface OwedRow {
  _id: string;
  eventId: string;
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
 * (replays and re-drives). The relay finds them through `outbox_owed`, one row per owed event, and reads each
 * document by `_id`. Settling is a compare-and-set on `outboxRev`: if the API appended an event since the relay
 * read the document, the write is skipped and the finished events' rows stay due, so the next pass tries again.
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
    return source ? { source, id: source.toId(ref.slice(at + 1)) } : null;
  };
  const load = async (ref: string) => {
    const located = locate(ref);
    if (!located) return null;
    return located.source.collection.findOne(
      { _id: located.id as never },
      { projection: { outbox: 1, outboxRev: 1 } },
    );
  };

  return {
    async due(now, limit) {
      const rows = await owedRows
        .find({ dueAt: { $lte: now } })
        .sort({ dueAt: 1 })
        .limit(limit)
        .toArray();
      const byRef = new Map<string, OwedRow[]>();
      for (const row of rows) byRef.set(row.ref, [...(byRef.get(row.ref) ?? []), row]);
      const refs = [...byRef.keys()];
      const docs = await Promise.all(refs.map(load));
      const owed: OwedDocument[] = [];
      const orphans: OwedRow[] = [];
      refs.forEach((ref, i) => {
        const doc = docs[i];
        const events = (doc?.outbox ?? []) as EventEnvelope[];
        const held = new Set(events.map((event) => event.id));
        const refRows = byRef.get(ref) ?? [];
        orphans.push(...refRows.filter((row) => !held.has(row.eventId)));
        const dueEventIds = refRows.filter((row) => held.has(row.eventId)).map((row) => row.eventId);
        if (doc && dueEventIds.length > 0) {
          owed.push({ ref, rev: typeof doc.outboxRev === 'number' ? doc.outboxRev : 0, events, dueEventIds });
        }
      });
      await settleOrphans(owedRows, orphans, now, orphanAfterMs);
      return owed;
    },

    async settle(settlements) {
      const finishing = settlements.filter((s) => s.finishedEventIds.length > 0);
      const applied = await inParallel(finishing, async (s) => {
        const located = locate(s.ref);
        if (!located) return false;
        const result = await located.source.collection.updateOne(
          { _id: located.id as never, outboxRev: s.rev },
          { $set: { outbox: s.remaining }, $inc: { outboxRev: 1 } },
        );
        return result.matchedCount === 1;
      });
      const finishedIds = finishing
        .filter((_, i) => applied[i])
        .flatMap((s) => s.finishedEventIds.map((eventId) => owedRowId(s.ref, eventId)));
      if (finishedIds.length > 0) await owedRows.deleteMany({ _id: { $in: finishedIds } });
      await bulkUpdate(
        owedRows,
        settlements.flatMap((s) =>
          s.nextDueAt
            ? s.owedEventIds.map((eventId) => ({
                updateOne: {
                  filter: { _id: owedRowId(s.ref, eventId) },
                  update: { $set: { dueAt: s.nextDueAt as Date } },
                },
              }))
            : [],
        ),
      );
    },
  };
}

/**
 * Rows whose event is not in its document: the document's write failed or has not landed yet (young rows are
 * looked at again once they are old enough), or the relay settled the event and stopped before deleting the row.
 */
async function settleOrphans(
  owedRows: Collection<OwedRow>,
  orphans: readonly OwedRow[],
  now: Date,
  orphanAfterMs: number,
): Promise<void> {
  const expired = orphans.filter((row) => now.getTime() - row.createdAt.getTime() >= orphanAfterMs);
  if (expired.length > 0) await owedRows.deleteMany({ _id: { $in: expired.map((row) => row._id) } });
  await bulkUpdate(
    owedRows,
    orphans
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

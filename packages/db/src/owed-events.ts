import { Batcher, type EventEnvelope } from '@fixstream/events';
import type { Database } from './database.ts';

/** The kinds of documents that carry an outbox, as named in owed-event refs. */
export type OutboxSource = 'request' | 'pending';

/** `<source>:<document id>`: how an owed-event row points at the document whose outbox holds its event. */
export function outboxRef(source: OutboxSource, documentId: string): string {
  return `${source}:${documentId}`;
}

/** One row per event and owing document: a replay owes an event again while its request may still owe it. */
export function owedRowId(ref: string, eventId: string): string {
  return `${eventId}@${ref}`;
}

/** An event and the document (`ref`, see `outboxRef`) whose outbox holds it. */
export interface OwedEventRef {
  ref: string;
  event: EventEnvelope;
}

/**
 * Records events as owed by their documents, for the relay to look at from `dueAt` on. Call it before the write
 * that puts the events into the documents: a crash between the two leaves a row without its event, which the
 * relay drops, never an event without a row, which it could not find.
 */
export async function recordOwedEvents(
  db: Database,
  owed: readonly OwedEventRef[],
  dueAt: Date,
): Promise<void> {
  await insertOwedRows(
    db,
    owed.map((entry) => ({ ...entry, dueAt })),
  );
}

/** Records owed events like {@link recordOwedEvents}, one call per write, many rows per insert. */
export interface OwedEventRecorder {
  record(owed: readonly OwedEventRef[], dueAt: Date): Promise<void>;
}

/**
 * A recorder for a process that writes many documents at once (the API): rows of concurrent writes go to
 * MongoDB together (group commit), so the index costs a fraction of an insert per write instead of one. On
 * FerretDB's SQLite storage every insert is a transaction of its own, and a second one per request cut the
 * API's throughput by a quarter.
 */
export function createOwedEventRecorder(db: Database): OwedEventRecorder {
  const batcher = Batcher.forEffect<OwedEventRef & { dueAt: Date }>((rows) => insertOwedRows(db, rows));
  return {
    async record(owed, dueAt) {
      await Promise.all(owed.map((entry) => batcher.add({ ...entry, dueAt })));
    },
  };
}

async function insertOwedRows(
  db: Database,
  owed: readonly (OwedEventRef & { dueAt: Date })[],
): Promise<void> {
  if (owed.length === 0) return;
  const createdAt = new Date();
  await db.models.OwedEvent.collection.insertMany(
    owed.map(({ ref, event, dueAt }) => ({
      _id: owedRowId(ref, event.id) as never,
      eventId: event.id,
      eventName: event.name,
      occurredAt: new Date(event.occurredAt),
      ref,
      dueAt,
      createdAt,
    })),
  );
}

/** Makes owed events due at once: the fast path could not publish them, so the relay should not wait. */
export async function makeOwedEventsDue(
  db: Database,
  ref: string,
  eventIds: readonly string[],
): Promise<void> {
  const now = new Date();
  await Promise.all(
    eventIds.map((id) =>
      db.models.OwedEvent.collection.updateOne(
        { _id: owedRowId(ref, id) as never },
        { $set: { dueAt: now } },
      ),
    ),
  );
}

/** Drops the rows of events whose write certainly did not happen (its filter matched nothing). */
export async function forgetOwedEvents(
  db: Database,
  ref: string,
  eventIds: readonly string[],
): Promise<void> {
  await Promise.all(
    eventIds.map((id) => db.models.OwedEvent.collection.deleteOne({ _id: owedRowId(ref, id) as never })),
  );
}

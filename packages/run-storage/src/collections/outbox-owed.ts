import type { CollectionSpec } from './collection-spec.ts';

/**
 * An `outbox_owed` row: the relay's index of owed events, one row per event that a document's outbox still owes.
 * A row is written before the write that puts its event into the document, so a saved change always has one, and
 * it is deleted once every subscribed function has finished the event. The relay reads these rows instead of the
 * aggregates: FerretDB answers every filter but `_id` equality with a scan, and this collection holds only the
 * events in flight, while the aggregates hold all history.
 */
export interface OwedRow {
  /** `<event id>@<ref>` (see `owedRowId`): a replay owes an event again while its request may still owe it. */
  _id: string;
  eventId: string;
  /** Name and time of the event: enough for the relay to tell from Redis alone that it is still queued. */
  eventName: string;
  occurredAt: Date;
  /** `<aggregate>:<document id>` (see `outboxRef`): the document whose outbox holds the event. */
  ref: string;
  /** When the relay should look at the event next. */
  dueAt: Date;
  /** The stream entry the relay last published the event as; null while only the producer published it. */
  publishedEntryId?: string | null;
  /** Since when the relay has seen a claimed run of it that Redis holds no entry of. */
  suspectSince?: Date | null;
  createdAt: Date;
}

/** Serves the relay's oldest-due-first read. */
export const owedByDueAt = { dueAt: 1 } as const;
/** Serves "is this event still owed, and by which document" (the retention sweep, `pnpm ops redrive`). */
export const owedByEvent = { eventId: 1 } as const;
/** Serves the age of the backlog (`pnpm ops status`). */
export const owedByAge = { createdAt: 1 } as const;

export const outboxOwed: CollectionSpec<OwedRow> = {
  name: 'outbox_owed',
  indexes: [{ key: owedByDueAt }, { key: owedByEvent }, { key: owedByAge }],
};

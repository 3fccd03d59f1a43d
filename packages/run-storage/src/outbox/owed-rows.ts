import type { EventEnvelope } from '@fixstream/events';
import { duplicateIndexes, isDuplicateKey } from '../mongo-helpers.ts';
import type { RunStorage } from '../run-storage.ts';

/** `<aggregate>:<document id>`: how an owed row points at the document whose outbox holds its event. */
export function outboxRef(aggregate: string, documentId: string): string {
  return `${aggregate}:${documentId}`;
}

/** One row per event and owing document: a replay owes an event again while its request may still owe it. */
export function owedRowId(ref: string, eventId: string): string {
  return `${eventId}@${ref}`;
}

/** An event, the document (`ref`, see `outboxRef`) whose outbox holds it, and when the relay looks at it. */
export interface OwedEntry {
  ref: string;
  event: EventEnvelope;
  dueAt: Date;
}

/** Inserts one row per entry, in one command. */
export async function insertOwedRows(storage: RunStorage, entries: readonly OwedEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const createdAt = new Date();
  await storage.owedRows.insertMany(
    entries.map(({ ref, event, dueAt }) => ({
      _id: owedRowId(ref, event.id),
      eventId: event.id,
      eventName: event.name,
      occurredAt: new Date(event.occurredAt),
      ref,
      dueAt,
      createdAt,
    })),
  );
}

/**
 * Owes the event of a document keyed by that event's id (a cron tick, a company's report), once across processes:
 * the owed row first, then `insert` of the document, whose unique `_id` is the one decision (a second owner gets a
 * duplicate and answers false). A crash between the two leaves a row without its document, which the relay drops
 * as an orphan; the next owner owes the event again.
 */
export async function oweOnce(
  storage: RunStorage,
  owed: OwedEntry,
  insert: () => Promise<unknown>,
): Promise<boolean> {
  await insertOwedRows(storage, [owed]).catch(duplicateIndexes);
  try {
    await insert();
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

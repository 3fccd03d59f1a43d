import type { EventEnvelope } from '@fixstream/events';
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

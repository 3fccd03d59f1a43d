import type { EventEnvelope } from '@fixstream/events';
import type { Collection, Document } from 'mongodb';
import type { Database } from './database.ts';
import { ledgerCollections } from './ledger-documents.ts';

/** The collections the ops queries read: the ledger's, as the ledger itself sees them, and the outboxes. */
export function opsCollections(db: Database) {
  return {
    ...ledgerCollections(db),
    requests: db.models.Request.collection as unknown as Collection<Document>,
    pending: db.models.PendingEvent.collection as unknown as Collection<Document>,
  };
}

/**
 * Whether a stored event can be published again as it is. A run recorded dead because its event failed the
 * schema keeps the raw decoded fields, which may lack parts of the envelope.
 */
export function isEnvelope(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event.id === 'string' &&
    event.id.length > 0 &&
    typeof event.name === 'string' &&
    event.name.length > 0 &&
    typeof event.version === 'number' &&
    typeof event.occurredAt === 'string' &&
    'data' in event
  );
}

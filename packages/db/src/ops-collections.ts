import type { EventEnvelope } from '@fixstream/events';
import type { Collection, Document } from 'mongodb';
import type { Database } from './database.ts';

/** The fields of a `function_runs` document that the ops queries read or reset. */
export interface OpsRunDocument {
  _id: string;
  eventId: string;
  eventName: string;
  functionId: string;
  event: unknown;
  status: 'running' | 'failed';
  attempts: number;
  token: string | null;
  consumer: string | null;
  leaseUntil: Date;
  nextAttemptAt: Date;
  lastError: string | null;
  updatedAt: Date;
}

/** A `function_run_results` document: a run is final exactly when one exists. */
export interface OpsResultDocument {
  _id: string;
  functionId: string;
  status: 'succeeded' | 'dead';
  attempts: number;
  finishedAt: Date;
  error: string | null;
}

/**
 * The driver collections behind the ledger's models. The ops queries use them rather than the models so that
 * reads and writes are exactly what the runtime's ledger sees, without mongoose casting or defaults.
 */
export function opsCollections(db: Database) {
  return {
    runs: db.connection.collection<OpsRunDocument>(db.models.Run.collection.collectionName),
    results: db.connection.collection<OpsResultDocument>(db.models.RunResult.collection.collectionName),
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

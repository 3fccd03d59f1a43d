import type { Collection } from 'mongodb';
import type { Database } from './database.ts';

/** A `function_runs` document: a run claimed and not (yet) final, as the ledger writes it. */
export interface RunDocument {
  _id: string;
  eventId: string;
  eventName: string;
  functionId: string;
  event: unknown;
  status: 'running' | 'failed';
  attempts: number;
  /** The stream entry of the run's first claim; null for runs recorded dead without one. */
  firstEntryId: string | null;
  consumer: string | null;
  nextAttemptAt: Date;
  firstStartedAt: Date | null;
  startedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A `function_run_results` document: a run is final exactly when one exists. */
export interface ResultDocument {
  _id: string;
  functionId: string;
  status: 'succeeded' | 'dead';
  attempts: number;
  finishedAt: Date;
  durationMs: number;
  error: string | null;
}

/**
 * The driver collections behind the ledger's models, used by the ledger and the ops queries alike, so that both
 * read and write exactly the same documents, without mongoose casting or defaults.
 */
export function ledgerCollections(db: Database): {
  runs: Collection<RunDocument>;
  results: Collection<ResultDocument>;
} {
  return {
    runs: db.connection.collection<RunDocument>(db.models.Run.collection.collectionName),
    results: db.connection.collection<ResultDocument>(db.models.RunResult.collection.collectionName),
  };
}

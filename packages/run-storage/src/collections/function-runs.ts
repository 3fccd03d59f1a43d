import type { CollectionSpec } from './collection-spec.ts';

export const runStatuses = ['running', 'failed', 'sleeping'] as const;

/**
 * A `function_runs` document: a run claimed and not (yet) final, keyed `<event id>.<function id>`. Inserting it
 * is the run's claim, and the primary key lets exactly one claim win. It keeps the event, so a dead run can be
 * replayed even if Redis lost its copy, and the entry that first carried it, so the relay can ask Redis whether it
 * is pending. `status` and `attempts` describe the run for operators (written by the run's one holder, never
 * compared and set); a run is final once `function_run_results` has its key. A run that finished on its only
 * delivery has no document here at all (see docs/architecture.md, "Run life").
 */
export interface RunDocument {
  _id: string;
  eventId: string;
  eventName: string;
  functionId: string;
  event: unknown;
  status: (typeof runStatuses)[number];
  attempts: number;
  /** The stream entry of the run's first claim; null for runs recorded dead without one. */
  firstEntryId: string | null;
  consumer: string | null;
  nextAttemptAt: Date;
  firstStartedAt: Date | null;
  startedAt: Date | null;
  lastError: string | null;
  /**
   * The attempts that failed and were retried, oldest first (the last attempt's outcome is the result's): what
   * the API's run detail shows. Bounded by the retry policy; absent on runs recorded before it existed.
   */
  failures?: AttemptFailure[];
  /** For a sleeping run of a function with `cancelOn`: the value of its event an event must match to cancel it. */
  cancelKey?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One failed attempt of a run, as `RunDocument.failures` keeps it. */
export interface AttemptFailure {
  attempt: number;
  error: string | null;
  finishedAt: Date;
  durationMs: number;
  /** The Message-IDs of the mails the attempt sent before it failed (`RunOutcome.messageIds`); absent if none. */
  messageIds?: string[];
  messageIdsOmitted?: number;
}

/** Serves a function's claimed runs (`pnpm ops`). */
export const runsByFunction = { functionId: 1, status: 1 } as const;
/** Serves the runs of one event. */
export const runsByEvent = { eventId: 1 } as const;
/** Serves cancelling a function's sleeping runs by the value an event matches (`cancelOn`). */
export const runsByCancelKey = { functionId: 1, cancelKey: 1 } as const;

export const functionRuns: CollectionSpec<RunDocument> = {
  name: 'function_runs',
  indexes: [{ key: runsByFunction }, { key: runsByEvent }, { key: runsByCancelKey }],
};

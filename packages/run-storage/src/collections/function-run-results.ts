import type { KeptEvent } from '../kept-event.ts';
import type { CollectionSpec } from './collection-spec.ts';

/** How a final run ended: every status a result can hold. */
export const resultStatuses = ['succeeded', 'dead', 'cancelled'] as const;

/**
 * A `function_run_results` document, keyed like the run: a run is final exactly when one exists. Kept apart from
 * `function_runs` so that finishing a run is an insert, not an update: inserts are batched cheaply everywhere,
 * while an update on FerretDB's SQLite storage scans the whole collection.
 */
export interface ResultDocument {
  _id: string;
  functionId: string;
  status: (typeof resultStatuses)[number];
  attempts: number;
  finishedAt: Date;
  durationMs: number;
  error: string | null;
  /**
   * What the run's event was about (`runOriginOf`), so that a company's runs and a request's history are read by
   * index. Absent on results recorded before these fields existed: those belong to no company's view.
   */
  eventName?: string;
  companyId?: string | null;
  requestId?: string | null;
  /**
   * The run's event (`keptEvent`: secrets redacted), so its payload can be read for as long as the result is kept,
   * after its outboxes have let it go. Absent on results recorded before it was kept.
   */
  event?: KeptEvent;
  /** The Message-IDs of the mails the final attempt sent or found sent (`RunOutcome.messageIds`); absent if none. */
  messageIds?: string[];
  /** How many more the final attempt recorded than it kept; absent when none. */
  messageIdsOmitted?: number;
}

/** What lists of runs read of a result: all but the kept event and Message-IDs, which a run's detail shows. */
export const resultSummary = { event: 0, messageIds: 0 } as const;

/**
 * Serves every read by function: the counts of `pnpm ops status`, the dead
 * runs newest first, a function's runs for `replay --all`, and the retention sweep of each function's expired
 * runs.
 */
export const resultsByFunction = { functionId: 1, status: 1, finishedAt: 1 } as const;
/**
 * Serves a company's view of its runs (the API's `ops` procedures): its runs of one function and outcome within a
 * time range, newest first, counted or listed; other filters are answered by reading one range per function and
 * outcome.
 */
export const resultsByCompany = { companyId: 1, functionId: 1, status: 1, finishedAt: 1 } as const;
/** Serves a request's history: the runs its events caused (`requests.history`). */
export const resultsByRequest = { requestId: 1, finishedAt: 1 } as const;

export const functionRunResults: CollectionSpec<ResultDocument> = {
  name: 'function_run_results',
  indexes: [{ key: resultsByFunction }, { key: resultsByCompany }, { key: resultsByRequest }],
};

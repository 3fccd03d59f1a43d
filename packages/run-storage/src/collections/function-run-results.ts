import type { CollectionSpec } from './collection-spec.ts';

/**
 * A `function_run_results` document, keyed like the run: a run is final exactly when one exists. Kept apart from
 * `function_runs` so that finishing a run is an insert, not an update: inserts are batched cheaply everywhere,
 * while an update on FerretDB's SQLite storage scans the whole collection.
 */
export interface ResultDocument {
  _id: string;
  functionId: string;
  status: 'succeeded' | 'dead' | 'cancelled';
  attempts: number;
  finishedAt: Date;
  durationMs: number;
  error: string | null;
}

/**
 * Serves every read by function: the counts of `pnpm ops status`, the dead
 * runs newest first, a function's runs for `replay --all`, and the retention sweep of each function's expired
 * runs.
 */
export const resultsByFunction = { functionId: 1, status: 1, finishedAt: 1 } as const;

export const functionRunResults: CollectionSpec<ResultDocument> = {
  name: 'function_run_results',
  indexes: [{ key: resultsByFunction }],
};

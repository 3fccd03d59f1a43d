import type { Collection, Db, Document } from 'mongodb';
import type { CollectionSpec } from './collections/collection-spec.ts';
import { cronSchedules, type ScheduleDocument } from './collections/cron-schedules.ts';
import { cronTicks, type TickDocument } from './collections/cron-ticks.ts';
import { functionRunResults, type ResultDocument } from './collections/function-run-results.ts';
import { functionRuns, type RunDocument } from './collections/function-runs.ts';
import { type FunctionEntry, ledgerFunctions } from './collections/ledger-functions.ts';
import { type OwedRow, outboxOwed } from './collections/outbox-owed.ts';
import { type ReplayDocument, replayOutboxes } from './collections/replay-outboxes.ts';
import { runSteps, type StepDocument } from './collections/run-steps.ts';
import { backfillFunctionDirectory } from './ledger/function-directory.ts';

/**
 * A kind of document that carries an outbox (an `outbox` array of events written with the change they
 * describe), as the relay and `pnpm ops` find it. The run storage knows no domain: the application names its
 * aggregates when it opens the storage, which indexes `outbox.id` on each (see `findEvent`).
 */
export interface OutboxAggregate {
  /** The name used in owed-event refs (`<name>:<document id>`); no colon. */
  name: string;
  collection: Collection<Document>;
  /** The stored `_id` of a document from the string in its ref (e.g. an ObjectId). */
  documentId(id: string): unknown;
  /**
   * Whether the relay deletes a document once its event is settled: only for documents that no one else writes
   * and that hold one event each (replays).
   */
  removeWhenSettled: boolean;
  /** Whether each document's `_id` is the id of the one event it holds (schedule ticks). */
  keyedByEventId?: boolean;
  /** The events a document holds, when not its `outbox` array (a run document holds one, as `event`). */
  eventsOf?(document: Document): unknown[];
}

/** The aggregate that holds replays and re-drives: built into the storage. */
export const replayAggregateName = 'replay';
/** The aggregate that holds schedule ticks (`cron_ticks`): built into the storage. */
export const cronAggregateName = 'cron';
/** Sleeping runs owe their event as their own (`function_runs` documents hold it): built into the storage. */
export const runAggregateName = 'run';

/**
 * Where runs and outboxes are stored: the run ledger (`function_runs`, `function_run_results`), the relay's index
 * of owed events (`outbox_owed`), the replay outbox (`replay_outboxes`) and the application's aggregates that
 * carry outboxes. One per process, opened on the process's one database connection.
 */
export interface RunStorage {
  /** The database, for commands the collections do not offer (`count` with a hint). */
  db: Db;
  runs: Collection<RunDocument>;
  results: Collection<ResultDocument>;
  owedRows: Collection<OwedRow>;
  replays: Collection<ReplayDocument>;
  /** Every function the ledger holds runs of (see `FunctionEntry`). */
  functions: Collection<FunctionEntry>;
  /** Schedules of scheduled functions, and their ticks (see `createCronStore`). */
  schedules: Collection<ScheduleDocument>;
  ticks: Collection<TickDocument>;
  /** The recorded steps of runs (see `createStepStore`). */
  steps: Collection<StepDocument>;
  /** By name, the replay aggregate included. */
  aggregates: ReadonlyMap<string, OutboxAggregate>;
}

const specs = [
  functionRuns,
  functionRunResults,
  outboxOwed,
  replayOutboxes,
  ledgerFunctions,
  cronSchedules,
  cronTicks,
  runSteps,
] as const;

/**
 * The last resort of `findEvent`, on every aggregate: an event in an outbox that nothing owes any more. MongoDB
 * serves it from this multikey index; FerretDB cannot index inside arrays, and reads the collection.
 */
const outboxEventIndex = { key: { 'outbox.id': 1 } } as const;

/**
 * Opens the storage and builds every index before returning: the unique keys are the contract (one run per event
 * and function, one result, one owed row per event and document), so nothing may be written before they exist.
 */
export async function openRunStorage(
  db: Db,
  aggregates: readonly Omit<OutboxAggregate, 'removeWhenSettled'>[],
): Promise<RunStorage> {
  await Promise.all([
    ...specs.map((spec) => ensureIndexes(db, spec)),
    ...aggregates.map((aggregate) =>
      ensureIndexes(db, { name: aggregate.collection.collectionName, indexes: [outboxEventIndex] }),
    ),
  ]);
  const storage = {
    db,
    runs: db.collection<RunDocument>(functionRuns.name),
    results: db.collection<ResultDocument>(functionRunResults.name),
    owedRows: db.collection<OwedRow>(outboxOwed.name),
    replays: db.collection<ReplayDocument>(replayOutboxes.name),
    functions: db.collection<FunctionEntry>(ledgerFunctions.name),
    schedules: db.collection<ScheduleDocument>(cronSchedules.name),
    ticks: db.collection<TickDocument>(cronTicks.name),
    steps: db.collection<StepDocument>(runSteps.name),
  };
  const replay: OutboxAggregate = {
    name: replayAggregateName,
    collection: storage.replays as unknown as Collection<Document>,
    documentId: (id) => id,
    removeWhenSettled: true,
  };
  const cron: OutboxAggregate = {
    name: cronAggregateName,
    collection: storage.ticks as unknown as Collection<Document>,
    documentId: (id) => id,
    removeWhenSettled: false,
    keyedByEventId: true,
  };
  const run: OutboxAggregate = {
    name: runAggregateName,
    collection: storage.runs as unknown as Collection<Document>,
    documentId: (id) => id,
    removeWhenSettled: false,
    eventsOf: (document) => [document.event],
  };
  const all = [
    replay,
    cron,
    run,
    ...aggregates.map((aggregate) => ({ ...aggregate, removeWhenSettled: false })),
  ];
  for (const aggregate of all) {
    if (aggregate.name.includes(':'))
      throw new Error(`aggregate name ${aggregate.name} must not contain ':'`);
  }
  const opened = { ...storage, aggregates: new Map(all.map((aggregate) => [aggregate.name, aggregate])) };
  await backfillFunctionDirectory(opened);
  return opened;
}

async function ensureIndexes(db: Db, spec: CollectionSpec<unknown>): Promise<void> {
  const existing = await db.listCollections({ name: spec.name }, { nameOnly: true }).toArray();
  if (existing.length === 0) await db.createCollection(spec.name).catch(ignoreExists);
  // One index per command: FerretDB 1.24 answers a `createIndexes` of several indexes that all exist already by
  // dropping the connection (a panic in its handler), which every second process to open the database would hit.
  for (const index of spec.indexes) await db.collection(spec.name).createIndexes([index]);
}

/** Two processes opening one database at once may both create a collection: the second finds it there. */
function ignoreExists(error: unknown): void {
  if ((error as { codeName?: string } | null)?.codeName !== 'NamespaceExists') throw error;
}

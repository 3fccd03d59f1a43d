import { type EventEnvelope, runKey } from '@fixstream/events';
import type { Document } from 'mongodb';
import {
  type ResultDocument,
  resultSummary,
  resultsByFunction,
} from '../collections/function-run-results.ts';
import { type RunDocument, runsByEvent, runsByFunction } from '../collections/function-runs.ts';
import { owedByAge, owedByEvent } from '../collections/outbox-owed.ts';
import { indexedDates } from '../indexed-dates.ts';
import { recordedFunctions } from '../ledger/function-directory.ts';
import { countByIndex, findByIds } from '../mongo-helpers.ts';
import type { OutboxAggregate, RunStorage } from '../run-storage.ts';
import { isEnvelope } from './envelope.ts';

/** Where a run stands in the ledger: final (`succeeded`, `dead`) or not yet (`in-progress`). */
export type LedgerRunState = 'succeeded' | 'dead' | 'cancelled' | 'in-progress';

/** Runs of one function by state, for `pnpm ops status`. */
export interface FunctionRunCounts {
  functionId: string;
  /** The event the function handles, as its runs recorded it; null if none recorded a name. */
  eventName: string | null;
  succeeded: number;
  dead: number;
  /** Cancelled while asleep, by an event of the function's `cancelOn`. */
  cancelled: number;
  inProgress: number;
  /** Of those in progress, the runs asleep at a durable step. */
  sleeping: number;
}

/**
 * Counts runs per function, function by function (`ledger_functions`), each count answered by an index:
 * succeeded, dead and cancelled from `{functionId, status, finishedAt}`. In progress are the function's run documents
 * without a result (FerretDB has no `$lookup`): a run that finishes on its only delivery leaves no run document,
 * so these are only the runs that failed once, ran long or died, and retention bounds them.
 */
export async function runCounts(storage: RunStorage): Promise<FunctionRunCounts[]> {
  const functionIds = await recordedFunctions(storage);
  return Promise.all(
    functionIds.map(async (functionId): Promise<FunctionRunCounts> => {
      const [succeeded, dead, cancelled, inProgress, named] = await Promise.all([
        countResults(storage, functionId, 'succeeded'),
        countResults(storage, functionId, 'dead'),
        countResults(storage, functionId, 'cancelled'),
        runsInProgress(storage, functionId, { status: 1 }),
        storage.runs.findOne({ functionId }, { projection: { eventName: 1 }, hint: runsByFunction }),
      ]);
      return {
        functionId,
        eventName: named?.eventName || null,
        succeeded,
        dead,
        cancelled,
        inProgress: inProgress.length,
        sleeping: inProgress.filter((run) => run.status === 'sleeping').length,
      };
    }),
  );
}

function countResults(storage: RunStorage, functionId: string, status: ResultDocument['status']) {
  return countByIndex(storage.db, storage.results, { functionId, status }, resultsByFunction);
}

/** The claimed runs of a function that have no result yet. */
export async function runsInProgress(
  storage: RunStorage,
  functionId: string,
  projection: Partial<Record<keyof RunDocument, 1>> = {},
): Promise<RunDocument[]> {
  const claimed = await storage.runs
    .find({ functionId }, { projection: { ...projection, functionId: 1 }, hint: runsByFunction })
    .toArray();
  const finals = await findResults(
    storage,
    claimed.map((run) => run._id),
  );
  return claimed.filter((run) => !finals.has(run._id));
}

/** A run that ended dead, as `pnpm ops dead list` shows it. */
export interface DeadRun {
  key: string;
  functionId: string;
  eventId: string;
  eventName: string | null;
  attempts: number;
  error: string;
  finishedAt: Date;
}

/**
 * Dead runs, newest first, from the ledger: the source of truth, since a dead-letter stream may have been trimmed
 * or lost with Redis' data.
 */
export async function listDeadRuns(
  storage: RunStorage,
  options: { functionId?: string; limit: number },
): Promise<DeadRun[]> {
  const functionIds = options.functionId ? [options.functionId] : await recordedFunctions(storage);
  const perFunction = await Promise.all(
    functionIds.map((functionId) =>
      storage.results
        .find(
          { functionId, status: 'dead', finishedAt: indexedDates() },
          { projection: resultSummary, hint: resultsByFunction },
        )
        .sort({ finishedAt: -1 })
        .limit(options.limit)
        .toArray(),
    ),
  );
  const dead = perFunction
    .flat()
    .sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime() || (a._id < b._id ? 1 : -1))
    .slice(0, options.limit);
  const runDocs = await findRuns(
    storage,
    dead.map((doc) => doc._id),
    { eventId: 1, eventName: 1 },
  );
  return dead.map((doc) => {
    const run = runDocs.get(doc._id);
    return {
      key: doc._id,
      functionId: doc.functionId,
      eventId: run?.eventId ?? eventIdOfKey(doc._id, doc.functionId),
      eventName: run?.eventName || null,
      attempts: doc.attempts,
      error: doc.error ?? '',
      finishedAt: doc.finishedAt,
    };
  });
}

/** Events the outboxes still owe: not yet finished by every function subscribed to them. */
export interface OwedEventsSummary {
  owed: number;
  /** When the oldest of them was written; null when none are owed. */
  oldestSince: Date | null;
}

/** How much the relay still watches (`outbox_owed`): a backlog here outlives Redis, a backlog in a stream does not. */
export async function owedEventsSummary(storage: RunStorage): Promise<OwedEventsSummary> {
  const rows = storage.owedRows;
  const all = { createdAt: indexedDates() };
  const [owed, oldest] = await Promise.all([
    countByIndex(storage.db, rows, all, owedByAge),
    rows
      .find(all, { projection: { createdAt: 1 }, hint: owedByAge })
      .sort({ createdAt: 1 })
      .limit(1)
      .toArray(),
  ]);
  const since = oldest[0]?.createdAt;
  return { owed, oldestSince: since instanceof Date ? since : null };
}

/** Where a published copy of an event was found: `function_runs`, or the collection of the aggregate that owes it. */
export type EventSource = string;

/**
 * Finds a publishable copy of an event: in the run ledger (every claimed run keeps its event), else in the outbox
 * of the document that owes it (its owed row names it), else, the last resort for an event nothing owes any more
 * and no run of which was claimed, in the outbox of any aggregate that still holds it (see `outboxEventIndex`).
 * Null when nowhere.
 */
export async function findEvent(
  storage: RunStorage,
  eventId: string,
  options: {
    /**
     * Skip the last resort where no index serves it (outboxes searched by `outbox.id`, a scan on FerretDB): for
     * callers on a request path, such as the API's run detail, which would rather show no event than scan.
     */
    indexedOnly?: boolean;
  } = {},
): Promise<{ event: EventEnvelope; source: EventSource } | null> {
  for (const run of await storage.runs
    .find({ eventId }, { projection: { event: 1 }, hint: runsByEvent })
    .toArray()) {
    if (isEnvelope(run.event)) return { event: run.event, source: storage.runs.collectionName };
  }
  const owedBy = await storage.owedRows
    .find({ eventId }, { projection: { ref: 1 }, hint: owedByEvent })
    .toArray();
  for (const { ref } of owedBy) {
    const at = ref.indexOf(':');
    const aggregate = storage.aggregates.get(ref.slice(0, at));
    const found =
      aggregate &&
      (await eventInOutbox(aggregate, { _id: aggregate.documentId(ref.slice(at + 1)) }, eventId));
    if (found) return found;
  }
  for (const aggregate of storage.aggregates.values()) {
    // Replays are found by their owed rows, runs above.
    if (aggregate.removeWhenSettled || aggregate.eventsOf) continue;
    if (options.indexedOnly && !aggregate.keyedByEventId) continue;
    const filter = aggregate.keyedByEventId ? { _id: eventId } : { 'outbox.id': eventId };
    const found = await eventInOutbox(aggregate, filter, eventId);
    if (found) return found;
  }
  return null;
}

async function eventInOutbox(
  aggregate: OutboxAggregate,
  filter: Document,
  eventId: string,
): Promise<{ event: EventEnvelope; source: EventSource } | null> {
  const doc = await aggregate.collection.findOne(filter, {
    projection: aggregate.eventsOf ? { event: 1 } : { outbox: 1 },
  });
  const outbox: unknown[] = !doc ? [] : aggregate.eventsOf ? aggregate.eventsOf(doc) : (doc.outbox ?? []);
  const event = outbox.find((candidate) => isEnvelope(candidate) && candidate.id === eventId);
  return isEnvelope(event) ? { event, source: aggregate.collection.collectionName } : null;
}

/** One function's run of one event. */
export interface EventRun {
  key: string;
  functionId: string;
  state: LedgerRunState;
  attempts: number;
  error: string | null;
}

/** The runs of one event, by function, with their ledger state. */
export async function eventRuns(storage: RunStorage, eventId: string): Promise<EventRun[]> {
  const records = await runRecordsOfEvent(storage, eventId);
  return records
    .map(({ key, functionId, run, result }) => ({
      key,
      functionId,
      state: result ? result.status : ('in-progress' as const),
      attempts: result ? result.attempts : (run?.attempts ?? 0),
      error: result ? result.error : (run?.lastError ?? null),
    }))
    .sort((a, b) => a.functionId.localeCompare(b.functionId));
}

/** What the ledger holds of one run: its run document (claimed runs only) and its result (final runs only). */
export interface RunRecord {
  key: string;
  functionId: string;
  run: Pick<RunDocument, 'attempts' | 'status' | 'nextAttemptAt' | 'lastError'> | null;
  result: ResultDocument | null;
}

/** Every run of one event the ledger knows of, optionally of one function, sorted by key. */
export async function runRecordsOfEvent(
  storage: RunStorage,
  eventId: string,
  functionId?: string,
): Promise<RunRecord[]> {
  const { runs } = storage;
  const [runDocs, finals] = await Promise.all([
    runs
      .find(functionId ? { eventId, functionId } : { eventId }, {
        projection: { functionId: 1, attempts: 1, status: 1, nextAttemptAt: 1, lastError: 1 },
        hint: runsByEvent,
      })
      .toArray(),
    resultsOfEvent(storage, eventId, functionId),
  ]);
  const byKey = new Map<string, RunRecord>();
  for (const run of runDocs) {
    byKey.set(run._id, {
      key: run._id,
      functionId: run.functionId,
      run,
      result: finals.get(run._id) ?? null,
    });
  }
  for (const result of finals.values()) {
    if (byKey.has(result._id) || (functionId && result.functionId !== functionId)) continue;
    byKey.set(result._id, { key: result._id, functionId: result.functionId, run: null, result });
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The results of one event's runs (of one function, or of every function the ledger knows), by key: looked up
 * by key, `<event id>.<function id>`. A run that finished on its only delivery has a result and no run document,
 * so the keys come from the functions, not from the runs.
 */
export async function resultsOfEvent(
  storage: RunStorage,
  eventId: string,
  functionId?: string,
): Promise<Map<string, ResultDocument>> {
  const functionIds = functionId ? [functionId] : await recordedFunctions(storage);
  return findResults(
    storage,
    functionIds.map((id) => runKey(eventId, id)),
  );
}

/** Run documents by key (`$in` on `_id` is an index lookup). */
export function findRuns(
  storage: RunStorage,
  keys: readonly string[],
  projection: Partial<Record<keyof RunDocument, 1>> = {},
): Promise<Map<string, RunDocument>> {
  return findByIds(storage.runs, keys, projection);
}

/** Result documents by key. */
export function findResults(
  storage: RunStorage,
  keys: readonly string[],
): Promise<Map<string, ResultDocument>> {
  return findByIds(storage.results, keys);
}

/** Run keys are `<event id>.<function id>`, and neither id contains a dot. */
export function eventIdOfKey(key: string, functionId: string): string {
  const suffix = `.${functionId}`;
  return key.endsWith(suffix) ? key.slice(0, -suffix.length) : key;
}

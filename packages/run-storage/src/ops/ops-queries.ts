import type { EventEnvelope } from '@fixstream/events';
import type { ResultDocument } from '../collections/function-run-results.ts';
import type { RunDocument } from '../collections/function-runs.ts';
import { findByIds } from '../mongo-helpers.ts';
import type { RunStorage } from '../run-storage.ts';
import { isEnvelope } from './envelope.ts';

/** Where a run stands in the ledger: final (`succeeded`, `dead`) or not yet (`in-progress`). */
export type LedgerRunState = 'succeeded' | 'dead' | 'in-progress';

/** Runs of one function by state, for `pnpm ops status`. */
export interface FunctionRunCounts {
  functionId: string;
  /** The event the function handles, as its runs recorded it; null if none recorded a name. */
  eventName: string | null;
  succeeded: number;
  dead: number;
  inProgress: number;
}

/**
 * Counts runs per function (FerretDB has no `$lookup`): a `$group` of the results gives succeeded and dead. Runs
 * that started on their only delivery and finished within a second have no `function_runs` document, so in
 * progress is the run documents without a result, looked up by key.
 */
export async function runCounts(storage: RunStorage): Promise<FunctionRunCounts[]> {
  const { runs, results } = storage;
  const [runDocs, resultGroups] = await Promise.all([
    runs.find({}, { projection: { functionId: 1, eventName: 1 } }).toArray(),
    results
      .aggregate<{ _id: { functionId: string; status: string }; count: number }>([
        { $group: { _id: { functionId: '$functionId', status: '$status' }, count: { $sum: 1 } } },
      ])
      .toArray(),
  ]);
  const byFunction = new Map<
    string,
    { runs: number; names: Map<string, number>; succeeded: number; dead: number }
  >();
  const entry = (functionId: string) => {
    let found = byFunction.get(functionId);
    if (!found) {
      found = { runs: 0, names: new Map(), succeeded: 0, dead: 0 };
      byFunction.set(functionId, found);
    }
    return found;
  };
  const finals = await findResults(
    storage,
    runDocs.map((run) => run._id),
  );
  for (const run of runDocs) {
    const counts = entry(run.functionId);
    if (!finals.has(run._id)) counts.runs += 1;
    if (run.eventName) counts.names.set(run.eventName, (counts.names.get(run.eventName) ?? 0) + 1);
  }
  for (const group of resultGroups) {
    const counts = entry(group._id.functionId);
    if (group._id.status === 'succeeded') counts.succeeded += group.count;
    if (group._id.status === 'dead') counts.dead += group.count;
  }
  return [...byFunction.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([functionId, counts]) => ({
      functionId,
      eventName: [...counts.names.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
      succeeded: counts.succeeded,
      dead: counts.dead,
      inProgress: counts.runs,
    }));
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
  const { results } = storage;
  const filter = options.functionId
    ? { status: 'dead' as const, functionId: options.functionId }
    : { status: 'dead' as const };
  const dead = await results.find(filter).sort({ finishedAt: -1, _id: -1 }).limit(options.limit).toArray();
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
  const [owed, oldest] = await Promise.all([
    rows.countDocuments(),
    rows
      .find({}, { projection: { createdAt: 1 } })
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
 * of an aggregate that owes it (a request, a replay). Null when nowhere.
 */
export async function findEvent(
  storage: RunStorage,
  eventId: string,
): Promise<{ event: EventEnvelope; source: EventSource } | null> {
  for (const run of await storage.runs.find({ eventId }, { projection: { event: 1 } }).toArray()) {
    if (isEnvelope(run.event)) return { event: run.event, source: storage.runs.collectionName };
  }
  for (const { collection } of storage.aggregates.values()) {
    const doc = await collection.findOne({ 'outbox.id': eventId }, { projection: { outbox: 1 } });
    const outbox: unknown[] = Array.isArray(doc?.outbox) ? doc.outbox : [];
    const event = outbox.find((candidate) => isEnvelope(candidate) && candidate.id === eventId);
    if (isEnvelope(event)) return { event, source: collection.collectionName };
  }
  return null;
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
      })
      .toArray(),
    resultsOfEvent(storage, eventId),
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
 * The results of one event's runs, by key. A run that finished on its only delivery has a result and no run
 * document, so they are found by the key's prefix (`<event id>.`): a scan, fine for an operator's command.
 */
export async function resultsOfEvent(
  storage: RunStorage,
  eventId: string,
): Promise<Map<string, ResultDocument>> {
  const { results } = storage;
  const prefix = new RegExp(`^${eventId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`);
  const docs = await results.find({ _id: { $regex: prefix } }).toArray();
  return new Map(docs.map((doc) => [doc._id, doc]));
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
function eventIdOfKey(key: string, functionId: string): string {
  const suffix = `.${functionId}`;
  return key.endsWith(suffix) ? key.slice(0, -suffix.length) : key;
}

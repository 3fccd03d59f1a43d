import type { EventEnvelope } from '@fixstream/events';
import type { Database } from './database.ts';
import type { ResultDocument, RunDocument } from './ledger-documents.ts';
import { chunks } from './mongo-helpers.ts';
import { isEnvelope, opsCollections } from './ops-collections.ts';

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
 * Counts runs per function with two `$group`s (FerretDB has no `$lookup`): results give succeeded and dead,
 * every run has a `function_runs` document, so in progress is runs minus results.
 */
export async function runCounts(db: Database): Promise<FunctionRunCounts[]> {
  const { runs, results } = opsCollections(db);
  const [runGroups, resultGroups] = await Promise.all([
    runs
      .aggregate<{ _id: { functionId: string; eventName: string | null }; count: number }>([
        { $group: { _id: { functionId: '$functionId', eventName: '$eventName' }, count: { $sum: 1 } } },
      ])
      .toArray(),
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
  for (const group of runGroups) {
    const counts = entry(group._id.functionId);
    counts.runs += group.count;
    const name = group._id.eventName;
    if (name) counts.names.set(name, (counts.names.get(name) ?? 0) + group.count);
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
      inProgress: Math.max(0, counts.runs - counts.succeeded - counts.dead),
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
  db: Database,
  options: { functionId?: string; limit: number },
): Promise<DeadRun[]> {
  const { results } = opsCollections(db);
  const filter = options.functionId
    ? { status: 'dead' as const, functionId: options.functionId }
    : { status: 'dead' as const };
  const dead = await results.find(filter).sort({ finishedAt: -1, _id: -1 }).limit(options.limit).toArray();
  const runDocs = await findRuns(
    db,
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
export async function owedEventsSummary(db: Database): Promise<OwedEventsSummary> {
  const rows = db.models.OwedEvent.collection;
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

/** Where a published copy of an event was found. */
export type EventSource = 'function_runs' | 'maintenance_requests' | 'pending_events';

/**
 * Finds a publishable copy of an event: in the run ledger (every run keeps its event), else in the outbox of the
 * request that owes it, else among pending (replayed or re-driven) events. Null when nowhere.
 */
export async function findEvent(
  db: Database,
  eventId: string,
): Promise<{ event: EventEnvelope; source: EventSource } | null> {
  const { runs, requests, pending } = opsCollections(db);
  for (const run of await runs.find({ eventId }, { projection: { event: 1 } }).toArray()) {
    if (isEnvelope(run.event)) return { event: run.event, source: 'function_runs' };
  }
  const owners = [
    { source: 'maintenance_requests' as const, collection: requests },
    { source: 'pending_events' as const, collection: pending },
  ];
  for (const { source, collection } of owners) {
    const doc = await collection.findOne({ 'outbox.id': eventId }, { projection: { outbox: 1 } });
    const outbox: unknown[] = Array.isArray(doc?.outbox) ? doc.outbox : [];
    const event = outbox.find((candidate) => isEnvelope(candidate) && candidate.id === eventId);
    if (isEnvelope(event)) return { event, source };
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
export async function eventRuns(db: Database, eventId: string): Promise<EventRun[]> {
  const { runs } = opsCollections(db);
  const runDocs = await runs
    .find({ eventId }, { projection: { functionId: 1, attempts: 1, lastError: 1 } })
    .toArray();
  const finals = await findResults(
    db,
    runDocs.map((run) => run._id),
  );
  return runDocs
    .map((run) => {
      const result = finals.get(run._id);
      return {
        key: run._id,
        functionId: run.functionId,
        state: result ? result.status : ('in-progress' as const),
        attempts: result ? result.attempts : run.attempts,
        error: result ? result.error : run.lastError,
      };
    })
    .sort((a, b) => a.functionId.localeCompare(b.functionId));
}

/** Run documents by key. `$in` is a scan on FerretDB; each chunk is one. */
export async function findRuns(
  db: Database,
  keys: readonly string[],
  projection: Partial<Record<keyof RunDocument, 1>> = {},
): Promise<Map<string, RunDocument>> {
  const { runs } = opsCollections(db);
  const found = new Map<string, RunDocument>();
  for (const part of chunks(keys)) {
    const options = Object.keys(projection).length > 0 ? { projection } : {};
    for (const doc of await runs.find({ _id: { $in: part } }, options).toArray()) found.set(doc._id, doc);
  }
  return found;
}

/** Result documents by key. */
export async function findResults(
  db: Database,
  keys: readonly string[],
): Promise<Map<string, ResultDocument>> {
  const { results } = opsCollections(db);
  const found = new Map<string, ResultDocument>();
  for (const part of chunks(keys)) {
    for (const doc of await results.find({ _id: { $in: part } }).toArray()) found.set(doc._id, doc);
  }
  return found;
}

/** Run keys are `<event id>.<function id>`, and neither id contains a dot. */
function eventIdOfKey(key: string, functionId: string): string {
  const suffix = `.${functionId}`;
  return key.endsWith(suffix) ? key.slice(0, -suffix.length) : key;
}

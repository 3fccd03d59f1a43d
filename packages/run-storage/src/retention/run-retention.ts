import type { Lease } from '@fixstream/events';
import { runKey } from '@fixstream/events';
import { type ResultDocument, resultsByFunction } from '../collections/function-run-results.ts';
import { owedByEvent } from '../collections/outbox-owed.ts';
import { indexedDates } from '../indexed-dates.ts';
import { recordedFunctions } from '../ledger/function-directory.ts';
import { chunks } from '../mongo-helpers.ts';
import type { RunStorage } from '../run-storage.ts';
import {
  type BatchOutcome,
  deleteEach,
  lookupConcurrency,
  mapConcurrently,
  type PassOutcome,
  sweepInBatches,
} from './batches.ts';

/** How long finished runs are kept, by how they ended, counted from `finishedAt`. */
export interface RunWindows {
  succeededMs: number;
  deadMs: number;
}

/** A function as the sweeper needs it: the event it subscribes to, which tells which runs share an event. */
export interface SweptFunction {
  id: string;
  event: { name: string };
}

type Candidate = Pick<ResultDocument, '_id' | 'functionId' | 'status' | 'finishedAt'>;

/** Renewed at every batch and released after it; a sweeper that died mid-batch blocks replays this long at most. */
const leaseTtlMs = 2 * 60_000;

/**
 * Deletes finished runs (the run document, then its result) once they are past their window. A run without a
 * result is never deleted: it is running or waiting for a retry. The runs of one event go together, once all of
 * them are past their windows, and not while the event is still owed: publishing an event again (a replay of its
 * dead run, the relay) makes every subscribed function without a record run it again, so deleting a succeeded
 * run whose sibling is dead and may be replayed would send its mail twice. Each batch holds the replay's lease
 * (replays take turns with the sweep; a replay running now postpones the sweep of runs to the next pass, reported
 * as `replayRunning`).
 */
export async function sweepFinishedRuns(
  storage: RunStorage,
  pass: {
    windows: RunWindows;
    functions: readonly SweptFunction[];
    replayLease: Lease;
    holder: string;
    batchSize: number;
    now: Date;
    signal?: AbortSignal;
  },
): Promise<PassOutcome & { replayRunning: boolean }> {
  const { runs, results } = storage;
  const cutoffs = {
    succeeded: new Date(pass.now.getTime() - pass.windows.succeededMs),
    cancelled: new Date(pass.now.getTime() - pass.windows.succeededMs),
    dead: new Date(pass.now.getTime() - pass.windows.deadMs),
  };
  const expired = (result: Candidate) => result.finishedAt < cutoffs[result.status];
  const siblingsOf = subscribersOfSameEvent(pass.functions);
  const projection = { functionId: 1, status: 1, finishedAt: 1 };

  /** The runs of one event to delete now, or the candidates to keep because one of its runs must stay. */
  async function decide(eventId: string, found: Candidate[], owed: Set<string>): Promise<Candidate[] | null> {
    if (owed.has(eventId)) return null;
    const present = new Set(found.map((candidate) => candidate.functionId));
    const others = new Set(found.flatMap((candidate) => siblingsOf(candidate.functionId)));
    const doomed = [...found];
    for (const functionId of [...others].filter((id) => !present.has(id))) {
      const key = runKey(eventId, functionId);
      const result = await results.findOne({ _id: key }, { projection });
      if (result && !expired(result)) return null;
      if (result) doomed.push(result);
      else if (await runs.findOne({ _id: key }, { projection: { _id: 1 } })) return null;
    }
    return doomed;
  }

  async function handle(batch: Candidate[]): Promise<BatchOutcome> {
    const events = new Map<string, Candidate[]>();
    const kept: string[] = [];
    for (const candidate of batch) {
      const eventId = eventIdOf(candidate);
      if (eventId === null) kept.push(candidate._id);
      else events.set(eventId, [...(events.get(eventId) ?? []), candidate]);
    }
    const owed = await owedEventIds(storage, [...events.keys()]);
    const decisions = await mapConcurrently([...events], lookupConcurrency, ([eventId, found]) =>
      decide(eventId, found, owed),
    );
    const doomed: Candidate[] = [];
    [...events.values()].forEach((found, i) => {
      const decision = decisions[i] ?? null;
      if (decision) doomed.push(...decision);
      else kept.push(...found.map((candidate) => candidate._id));
    });
    await deleteEach(
      runs,
      doomed.map((candidate) => ({ _id: candidate._id })),
    );
    const deleted = await deleteEach(
      results,
      doomed.map((candidate) => ({ _id: candidate._id, finishedAt: { $lt: cutoffs[candidate.status] } })),
    );
    return { deleted, kept };
  }

  let replayRunning = false;
  const total = { deleted: 0, kept: 0 };
  for (const functionId of await recordedFunctions(storage)) {
    for (const status of ['succeeded', 'cancelled', 'dead'] as const) {
      if (replayRunning || pass.signal?.aborted) break;
      const outcome = await sweepInBatches({
        collection: results,
        filter: { functionId, status, finishedAt: indexedDates({ until: cutoffs[status] }) },
        hint: resultsByFunction,
        projection,
        batchSize: pass.batchSize,
        signal: pass.signal,
        async handle(batch) {
          if (!(await pass.replayLease.acquire(pass.holder, leaseTtlMs))) {
            replayRunning = true;
            return { deleted: 0, kept: [] };
          }
          try {
            return await handle(batch);
          } finally {
            await pass.replayLease.release(pass.holder).catch(() => undefined);
          }
        },
      });
      total.deleted += outcome.deleted;
      total.kept += outcome.kept;
    }
  }
  return { ...total, replayRunning };
}

/** Function id → the ids of every function subscribed to the same event, itself included. */
function subscribersOfSameEvent(functions: readonly SweptFunction[]): (functionId: string) => string[] {
  const byEvent = new Map<string, string[]>();
  for (const fn of functions) byEvent.set(fn.event.name, [...(byEvent.get(fn.event.name) ?? []), fn.id]);
  const eventOf = new Map(functions.map((fn) => [fn.id, fn.event.name]));
  return (functionId) => {
    const eventName = eventOf.get(functionId);
    return eventName === undefined ? [functionId] : (byEvent.get(eventName) ?? [functionId]);
  };
}

/** The event id inside a result's key (`runKey`); null for a key that is not `<event id>.<its function id>`. */
function eventIdOf(candidate: Candidate): string | null {
  const suffix = `.${candidate.functionId}`;
  if (!candidate._id.endsWith(suffix) || candidate._id.length === suffix.length) return null;
  return candidate._id.slice(0, -suffix.length);
}

/** Which of these events some outbox still owes: the relay is not done with them. */
async function owedEventIds(storage: RunStorage, eventIds: readonly string[]): Promise<Set<string>> {
  const owed = new Set<string>();
  for (const part of chunks(eventIds)) {
    const rows = await storage.owedRows
      .find({ eventId: { $in: part } }, { projection: { eventId: 1 }, hint: owedByEvent })
      .toArray();
    for (const row of rows) owed.add(String(row.eventId));
  }
  return owed;
}

import {
  type ClaimRequest,
  type ClaimResult,
  type RunLedger,
  type RunOrigin,
  type RunOutcome,
  type RunState,
  runOriginOf,
} from '@fixstream/events';
import type { Collection } from 'mongodb';
import type { ResultDocument } from '../collections/function-run-results.ts';
import { type RunDocument, runsByCancelKey } from '../collections/function-runs.ts';
import { keptEvent } from '../kept-event.ts';
import { bulkUpdate, duplicateIndexes, findByIds } from '../mongo-helpers.ts';
import { insertOwedRows, outboxRef } from '../outbox/owed-rows.ts';
import { type RunStorage, runAggregateName } from '../run-storage.ts';
import { functionDirectory } from './function-directory.ts';

/**
 * The run ledger on MongoDB (or FerretDB). Its decisions rest only on inserts on unique keys, which FerretDB makes
 * atomic: a claim inserts the run's `function_runs` document, a final outcome inserts its `function_run_results`
 * one. The common path is one insert of results per group commit: a run on its only delivery claims nothing unless
 * it runs long or fails (see `isSoleDelivery`). Updates (a failed attempt's error and next time) are records for
 * operators, written by the run's one holder in Redis, never decisions. Each function is entered in
 * `ledger_functions` before its first record, so operators' reads can go function by function.
 */
export function createRunLedger(storage: RunStorage): RunLedger {
  const { runs, results } = storage;
  const enter = functionDirectory(storage);

  /**
   * What the ledger holds of runs: final, or when and how often they ran; null for a run with neither a record
   * nor a result.
   */
  async function recordedStates(requests: readonly ClaimRequest[]): Promise<(ClaimResult | null)[]> {
    if (requests.length === 0) return [];
    const keys = requests.map((r) => r.key);
    const [finals, open] = await Promise.all([
      findByIds(results, keys, { _id: 1 }),
      findByIds(runs, keys, { attempts: 1, firstEntryId: 1, nextAttemptAt: 1, status: 1 }),
    ]);
    return requests.map((r): ClaimResult | null => {
      if (finals.has(r.key)) return { kind: 'finished' };
      const run = open.get(r.key);
      if (!run) return null;
      return {
        kind: 'recorded',
        attempts: run.attempts,
        firstEntryId: run.firstEntryId ?? '',
        nextAttemptAt: run.nextAttemptAt ?? r.now,
        sleeping: run.status === 'sleeping',
      };
    });
  }

  /** Inserts the runs' records; a run whose record exists already gets what the ledger holds of it. */
  async function insertOrRead(requests: readonly ClaimRequest[]): Promise<ClaimResult[]> {
    const conflicts = await insertIgnoringDuplicates(runs, requests.map(newRun));
    const conflicting = requests.filter((_, i) => conflicts.has(i));
    const recorded = await recordedStates(conflicting);
    let next = 0;
    return requests.map((r, i): ClaimResult => {
      if (!conflicts.has(i)) return { kind: 'fresh' };
      const state = recorded[next++];
      return (
        state ?? { kind: 'recorded', attempts: 1, firstEntryId: '', nextAttemptAt: r.now, sleeping: false }
      );
    });
  }

  return {
    async claim(requests) {
      await enter(requests.map((r) => r.functionId));
      // Wake-ups read first: their runs are recorded, and on FerretDB a failing insert costs a write per run.
      const expectedAt = requests.flatMap((r, i) => (r.expectRecorded ? [i] : []));
      const read = await recordedStates(expectedAt.map((i) => requests[i] as ClaimRequest));
      const answers: (ClaimResult | null)[] = requests.map(() => null);
      expectedAt.forEach((at, n) => {
        answers[at] = read[n] ?? null;
      });
      const unknownAt = answers.flatMap((answer, i) => (answer ? [] : [i]));
      const inserted = await insertOrRead(unknownAt.map((i) => requests[i] as ClaimRequest));
      unknownAt.forEach((at, n) => {
        answers[at] = inserted[n] ?? null;
      });
      return answers as ClaimResult[];
    },

    async finish(outcomes) {
      const finals = outcomes.flatMap((o): ResultDocument[] =>
        o.status !== 'succeeded' && o.status !== 'dead'
          ? []
          : [
              {
                _id: o.key,
                functionId: o.functionId,
                status: o.status,
                attempts: o.attempt,
                finishedAt: o.finishedAt,
                durationMs: o.durationMs,
                error: o.error,
                ...originFields(o.origin),
                ...eventField(o.event),
                ...messageIdFields(o),
              },
            ],
      );
      const failures = outcomes.filter((o) => o.status === 'failed');
      const sleeps = outcomes.filter((o) => o.status === 'sleeping');
      await enter(outcomes.map((o) => o.functionId));
      if (sleeps.length > 0) await oweWhileAsleep(storage, sleeps);
      await Promise.all([
        insertIgnoringDuplicates(results, finals),
        failures.length + sleeps.length === 0
          ? null
          : bulkUpdate(
              runs,
              [...failures, ...sleeps].map((o) => ({
                updateOne: {
                  filter: { _id: o.key },
                  update: {
                    ...(o.status === 'failed'
                      ? {
                          $push: {
                            failures: {
                              attempt: o.attempt,
                              error: o.error,
                              finishedAt: o.finishedAt,
                              durationMs: o.durationMs,
                              ...messageIdFields(o),
                            },
                          },
                        }
                      : {}),
                    $set:
                      o.status === 'failed'
                        ? {
                            status: 'failed' as const,
                            attempts: o.attempt,
                            lastError: o.error,
                            nextAttemptAt: o.nextAttemptAt ?? o.finishedAt,
                            updatedAt: o.finishedAt,
                          }
                        : {
                            // The attempt goes on after the sleep: it is counted again when it resumes.
                            status: 'sleeping' as const,
                            attempts: o.attempt - 1,
                            nextAttemptAt: o.nextAttemptAt ?? o.finishedAt,
                            cancelKey: o.cancelKey ?? null,
                            updatedAt: o.finishedAt,
                          },
                  },
                },
              })),
            ),
      ]);
    },

    async recordDead(records) {
      await enter(records.map((r) => r.functionId));
      await insertIgnoringDuplicates(
        runs,
        records.map((r) => ({
          _id: r.key,
          eventId: r.eventId,
          eventName: typeof r.event.name === 'string' ? r.event.name : '',
          functionId: r.functionId,
          event: r.event,
          status: 'failed' as const,
          attempts: r.attempts,
          firstEntryId: null,
          consumer: null,
          nextAttemptAt: r.at,
          firstStartedAt: null,
          startedAt: null,
          lastError: r.error,
          createdAt: r.at,
          updatedAt: r.at,
        })),
      );
      await insertIgnoringDuplicates(
        results,
        records.map((r) => ({
          _id: r.key,
          functionId: r.functionId,
          status: 'dead' as const,
          attempts: r.attempts,
          finishedAt: r.at,
          durationMs: 0,
          error: r.error,
          ...originFields(runOriginOf(r.event)),
          ...eventField(r.event),
        })),
      );
    },

    async cancelSleeping(functionId, cancelKey, reason) {
      const asleep = await runs
        .find(
          { functionId, cancelKey, status: 'sleeping' },
          { projection: { functionId: 1, attempts: 1, event: 1 }, hint: runsByCancelKey },
        )
        .toArray();
      return cancelAsleep(results, asleep, reason);
    },

    async cancelRuns(keys, reason) {
      const found = await findByIds(runs, keys, { functionId: 1, attempts: 1, status: 1, event: 1 });
      const asleep = [...found.values()].filter((run) => run.status === 'sleeping');
      return cancelAsleep(results, asleep, reason);
    },

    async finished(keys) {
      return new Set((await findByIds(results, keys, { _id: 1 })).keys());
    },

    async states(keys) {
      const [finals, open] = await Promise.all([
        findByIds(results, keys, { status: 1, attempts: 1 }),
        findByIds(runs, keys, { status: 1, attempts: 1, firstEntryId: 1, nextAttemptAt: 1 }),
      ]);
      const states = new Map<string, RunState>();
      for (const key of keys) {
        const done = finals.get(key);
        const run = open.get(key);
        if (done)
          states.set(key, {
            key,
            status: done.status,
            attempts: done.attempts,
            firstEntryId: null,
            nextAttemptAt: null,
          });
        else if (run) {
          states.set(key, {
            key,
            status: run.status,
            attempts: run.attempts,
            firstEntryId: run.firstEntryId ?? null,
            nextAttemptAt: run.nextAttemptAt ?? null,
          });
        }
      }
      return states;
    },
  };
}

/** Inserts what is new; returns the indexes of documents whose key existed already. */
async function insertIgnoringDuplicates<T extends { _id: string }>(
  collection: Collection<T>,
  docs: T[],
): Promise<Set<number>> {
  if (docs.length === 0) return new Set<number>();
  try {
    await collection.insertMany(docs as never[], { ordered: false });
    return new Set<number>();
  } catch (error) {
    return duplicateIndexes(error);
  }
}

function newRun(r: ClaimRequest): RunDocument {
  return {
    _id: r.key,
    eventId: r.event.id,
    eventName: r.event.name,
    functionId: r.functionId,
    event: r.event,
    status: 'running',
    attempts: 1,
    firstEntryId: r.entryId,
    consumer: r.consumer,
    nextAttemptAt: r.now,
    firstStartedAt: r.now,
    startedAt: r.now,
    lastError: null,
    createdAt: r.now,
    updatedAt: r.now,
  };
}

/**
 * A sleeping run's event stays owed, as the run's own (ref `run:<key>`, the run document holds the event), due
 * when the sleep ends: should Redis lose the sleep's timer, the relay publishes the event again and the run
 * resumes. Rows are written before the run is marked asleep, like every owed row before its write.
 */
async function oweWhileAsleep(storage: RunStorage, sleeps: readonly RunOutcome[]): Promise<void> {
  const entries = sleeps.flatMap((o) =>
    o.event
      ? [{ ref: outboxRef(runAggregateName, o.key), event: o.event, dueAt: o.nextAttemptAt ?? o.finishedAt }]
      : [],
  );
  await insertOwedRows(storage, entries).catch(duplicateIndexes);
}

/**
 * Records sleeping runs cancelled: final, so their wake-up finds them done. A run that resumed and finished
 * meanwhile has its result already; that insert is a duplicate, and the run is not counted.
 */
async function cancelAsleep(
  results: Collection<ResultDocument>,
  asleep: readonly Pick<RunDocument, '_id' | 'functionId' | 'attempts' | 'event'>[],
  reason: string,
): Promise<number> {
  const now = new Date();
  const docs = asleep.map(
    (run): ResultDocument => ({
      _id: run._id,
      functionId: run.functionId,
      status: 'cancelled',
      attempts: run.attempts,
      finishedAt: now,
      durationMs: 0,
      error: reason,
      ...originFields(runOriginOf(asRecord(run.event))),
      ...eventField(run.event),
    }),
  );
  const finished = await insertIgnoringDuplicates(results, docs);
  return docs.length - finished.size;
}

/** The origin fields of a result; none for an outcome that carries no origin. */
function originFields(origin: RunOrigin | undefined): Partial<ResultDocument> {
  if (!origin) return {};
  return { eventName: origin.eventName, companyId: origin.companyId, requestId: origin.requestId };
}

/** The kept copy of the run's event (`keptEvent`), for its result; none when it is no envelope. */
function eventField(event: unknown): Pick<ResultDocument, 'event'> {
  const kept = keptEvent(event);
  return kept ? { event: kept } : {};
}

/** The Message-IDs an attempt recorded, as a result or a failed attempt keeps them; none when it recorded none. */
function messageIdFields(outcome: RunOutcome): Pick<ResultDocument, 'messageIds' | 'messageIdsOmitted'> {
  if (!outcome.messageIds?.length) return {};
  return outcome.messageIdsOmitted
    ? { messageIds: outcome.messageIds, messageIdsOmitted: outcome.messageIdsOmitted }
    : { messageIds: outcome.messageIds };
}

function asRecord(value: unknown): { name?: unknown; data?: unknown } {
  return typeof value === 'object' && value !== null ? value : {};
}

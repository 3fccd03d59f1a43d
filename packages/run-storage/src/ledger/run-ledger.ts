import type { ClaimRequest, ClaimResult, RunLedger, RunState } from '@fixstream/events';
import type { Collection } from 'mongodb';
import type { ResultDocument } from '../collections/function-run-results.ts';
import type { RunDocument } from '../collections/function-runs.ts';
import { bulkUpdate, duplicateIndexes, findByIds } from '../mongo-helpers.ts';
import type { RunStorage } from '../run-storage.ts';
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

  /** What the ledger holds of runs whose claim found a record: final, or when and how often they ran. */
  async function recordedStates(requests: readonly ClaimRequest[]): Promise<ClaimResult[]> {
    const keys = requests.map((r) => r.key);
    const [finals, open] = await Promise.all([
      findByIds(results, keys, { _id: 1 }),
      findByIds(runs, keys, { attempts: 1, firstEntryId: 1, nextAttemptAt: 1 }),
    ]);
    return requests.map((r): ClaimResult => {
      if (finals.has(r.key)) return { kind: 'finished' };
      const run = open.get(r.key);
      return {
        kind: 'recorded',
        attempts: run?.attempts ?? 1,
        firstEntryId: run?.firstEntryId ?? '',
        nextAttemptAt: run?.nextAttemptAt ?? r.now,
      };
    });
  }

  return {
    async claim(requests) {
      await enter(requests.map((r) => r.functionId));
      const conflicts = await insertIgnoringDuplicates(runs, requests.map(newRun));
      const recorded = await recordedStates(requests.filter((_, i) => conflicts.has(i)));
      let next = 0;
      return requests.map((_, i) =>
        conflicts.has(i) ? (recorded[next++] as ClaimResult) : { kind: 'fresh' },
      );
    },

    async finish(outcomes) {
      const finals = outcomes.flatMap((o): ResultDocument[] =>
        o.status === 'failed'
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
              },
            ],
      );
      const failures = outcomes.filter((o) => o.status === 'failed');
      await enter(outcomes.map((o) => o.functionId));
      await Promise.all([
        insertIgnoringDuplicates(results, finals),
        failures.length === 0
          ? null
          : bulkUpdate(
              runs,
              failures.map((o) => ({
                updateOne: {
                  filter: { _id: o.key },
                  update: {
                    $set: {
                      status: 'failed' as const,
                      attempts: o.attempt,
                      lastError: o.error,
                      nextAttemptAt: o.nextAttemptAt ?? o.finishedAt,
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
        })),
      );
    },

    async states(keys) {
      const [finals, open] = await Promise.all([
        findByIds(results, keys, { status: 1, attempts: 1 }),
        findByIds(runs, keys, { status: 1, attempts: 1, firstEntryId: 1 }),
      ]);
      const states = new Map<string, RunState>();
      for (const key of keys) {
        const done = finals.get(key);
        const run = open.get(key);
        if (done) states.set(key, { key, status: done.status, attempts: done.attempts, firstEntryId: null });
        else if (run) {
          states.set(key, {
            key,
            status: run.status,
            attempts: run.attempts,
            firstEntryId: run.firstEntryId ?? null,
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

import type { ClaimRequest, ClaimResult, RunLedger, RunState } from '@fixstream/events';
import type { Collection } from 'mongodb';
import type { Database } from './database.ts';
import { ledgerCollections, type ResultDocument, type RunDocument } from './ledger-documents.ts';
import { bulkUpdate, duplicateIndexes } from './mongo-helpers.ts';

/**
 * The run ledger on MongoDB (or FerretDB). Its decisions rest only on inserts on unique keys, which FerretDB makes
 * atomic: a run's first claim inserts its `function_runs` document, a final outcome inserts its
 * `function_run_results` one. The common path is those two inserts per read batch. Updates (a failed attempt's
 * error and next time) are records for operators, written by the run's one holder in Redis, never decisions.
 */
export function createRunLedger(db: Database): RunLedger {
  const { runs, results } = ledgerCollections(db);

  async function recordedState(r: ClaimRequest): Promise<ClaimResult> {
    const [result, run] = await Promise.all([
      results.findOne({ _id: r.key }, { projection: { _id: 1 } }),
      runs.findOne({ _id: r.key }, { projection: { attempts: 1, firstEntryId: 1, nextAttemptAt: 1 } }),
    ]);
    if (result) return { kind: 'finished' };
    return {
      kind: 'recorded',
      attempts: run?.attempts ?? 1,
      firstEntryId: run?.firstEntryId ?? '',
      nextAttemptAt: run?.nextAttemptAt ?? r.now,
    };
  }

  return {
    async claim(requests) {
      const conflicts = await insertIgnoringDuplicates(runs, requests.map(newRun));
      return Promise.all(
        requests.map((request, i) =>
          conflicts.has(i) ? recordedState(request) : { kind: 'fresh' as const },
        ),
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
      const states = new Map<string, RunState>();
      // One key at a time by `_id` alone, a few in parallel: FerretDB answers `_id` equality from its index but
      // scans the whole collection for `$in`, which made each relay pass cost O(every run ever recorded).
      await forEachConcurrently(keys, stateLookupConcurrency, async (key) => {
        const done = await results.findOne({ _id: key }, { projection: { status: 1, attempts: 1 } });
        if (done) {
          states.set(key, { key, status: done.status, attempts: done.attempts, firstEntryId: null });
          return;
        }
        const open = await runs.findOne(
          { _id: key },
          { projection: { status: 1, attempts: 1, firstEntryId: 1 } },
        );
        if (open) {
          states.set(key, {
            key,
            status: open.status,
            attempts: open.attempts,
            firstEntryId: open.firstEntryId ?? null,
          });
        }
      });
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

/** Lookups of `states()` in flight at once: well under the connection pool, enough to hide round trips. */
const stateLookupConcurrency = 8;

/** Runs `task` for every item with at most `limit` running at a time. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
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

import { randomUUID } from 'node:crypto';
import type { ClaimRequest, ClaimResult, RunLedger, RunState } from '@fixstream/events';
import type { Collection } from 'mongodb';
import type { Database } from './database.ts';
import { ledgerCollections, type ResultDocument, type RunDocument } from './ledger-documents.ts';
import { bulkUpdate, duplicateIndexes } from './mongo-helpers.ts';

/**
 * The run ledger on MongoDB (or FerretDB). The common path is two batched inserts per read batch: claiming new
 * runs (`function_runs`) and recording their results (`function_run_results`). Updates, which FerretDB's SQLite
 * storage answers with a collection scan, happen only on the failure path: retries, takeovers, redeliveries.
 */
export function createRunLedger(db: Database): RunLedger {
  const { runs, results } = ledgerCollections(db);

  async function insertIgnoringDuplicates<T extends { _id: string }>(collection: Collection<T>, docs: T[]) {
    if (docs.length === 0) return new Set<number>();
    try {
      await collection.insertMany(docs as never[], { ordered: false });
      return new Set<number>();
    } catch (error) {
      return duplicateIndexes(error);
    }
  }

  async function claimExisting(r: ClaimRequest): Promise<ClaimResult> {
    if (await results.findOne({ _id: r.key }, { projection: { _id: 1 } })) return { kind: 'finished' };
    const token = randomUUID();
    const claimed = await runs.findOneAndUpdate(
      {
        _id: r.key,
        status: { $in: ['running', 'failed'] },
        leaseUntil: { $lt: r.now },
        nextAttemptAt: { $lte: r.now },
      },
      {
        $set: {
          status: 'running',
          token,
          consumer: r.consumer,
          leaseUntil: r.leaseUntil,
          startedAt: r.now,
          updatedAt: r.now,
        },
        $inc: { attempts: 1 },
      },
      { returnDocument: 'after' },
    );
    if (claimed) return { kind: 'claimed', attempt: claimed.attempts, token };
    if (await results.findOne({ _id: r.key }, { projection: { _id: 1 } })) return { kind: 'finished' };
    const current = await runs.findOne({ _id: r.key }, { projection: { status: 1, nextAttemptAt: 1 } });
    if (current?.status === 'failed' && current.nextAttemptAt > r.now)
      return { kind: 'later', at: current.nextAttemptAt };
    return { kind: 'busy' };
  }

  return {
    async claim(requests) {
      const docs = requests.map(newRun);
      const conflicts = await insertIgnoringDuplicates(runs, docs);
      return Promise.all(
        requests.map((request, i): ClaimResult | Promise<ClaimResult> =>
          conflicts.has(i)
            ? claimExisting(request)
            : { kind: 'claimed', attempt: 1, token: docs[i]?.token as string },
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
                  filter: { _id: o.key, token: o.token },
                  update: {
                    $set: {
                      status: 'failed' as const,
                      lastError: o.error,
                      nextAttemptAt: o.nextAttemptAt ?? o.finishedAt,
                      leaseUntil: o.finishedAt,
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
          token: null,
          consumer: null,
          leaseUntil: r.at,
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
        const done = await results.findOne(
          { _id: key },
          { projection: { status: 1, attempts: 1, finishedAt: 1 } },
        );
        if (done) {
          states.set(key, {
            key,
            status: done.status,
            attempts: done.attempts,
            leaseUntil: done.finishedAt,
            nextAttemptAt: done.finishedAt,
          });
          return;
        }
        const open = await runs.findOne(
          { _id: key },
          { projection: { status: 1, attempts: 1, leaseUntil: 1, nextAttemptAt: 1 } },
        );
        if (open) {
          states.set(key, {
            key,
            status: open.status,
            attempts: open.attempts,
            leaseUntil: open.leaseUntil,
            nextAttemptAt: open.nextAttemptAt,
          });
        }
      });
      return states;
    },
  };
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
    token: randomUUID(),
    consumer: r.consumer,
    leaseUntil: r.leaseUntil,
    nextAttemptAt: r.now,
    firstStartedAt: r.now,
    startedAt: r.now,
    lastError: null,
    createdAt: r.now,
    updatedAt: r.now,
  };
}

import type { Collection, Document, Filter } from 'mongodb';
import { chunks, updateChunkSize } from '../mongo-helpers.ts';

/** What one batch of a sweep did: how many documents it deleted, and which it keeps for now. */
export interface BatchOutcome {
  deleted: number;
  /** Ids that still match the sweep's filter but stay: skipped for the rest of the pass. */
  kept: readonly string[];
}

/** What a whole pass over one collection did. */
export interface PassOutcome {
  deleted: number;
  kept: number;
}

/**
 * Walks the documents matching `filter`, `batchSize` at a time, handing each batch to `handle` (which deletes by
 * `_id`). No sort: an unsorted find with a limit stops as soon as it has enough. Documents `handle` keeps match
 * again, so each find asks for that many more and they are dropped here. Stops when the matches run out, when a
 * batch neither deletes nor keeps anything (no progress) or when `signal` aborts; between batches the database
 * is free.
 */
export async function sweepInBatches<T extends Document & { _id: string }>(pass: {
  collection: Collection<T>;
  filter: Filter<T>;
  /** The index that serves `filter`, so a find reads only matches (none at all once the sweep is done). */
  hint: Document;
  projection: Document;
  batchSize: number;
  signal?: AbortSignal;
  handle(batch: T[]): Promise<BatchOutcome>;
}): Promise<PassOutcome> {
  const kept = new Set<string>();
  let deleted = 0;
  while (!pass.signal?.aborted) {
    const limit = pass.batchSize + kept.size;
    const found = (await pass.collection
      .find(pass.filter, { projection: pass.projection, hint: pass.hint })
      .limit(limit)
      .toArray()) as unknown as T[];
    const batch = found.filter((doc) => !kept.has(doc._id));
    if (batch.length === 0) break;
    const outcome = await pass.handle(batch);
    deleted += outcome.deleted;
    const before = kept.size;
    for (const id of outcome.kept) kept.add(id);
    if (found.length < limit || (outcome.deleted === 0 && kept.size === before)) break;
  }
  return { deleted, kept: kept.size };
}

/**
 * Deletes one document per filter, each filter naming an `_id` (FerretDB answers `_id` equality from its index
 * and scans the collection for anything else, `$in` included), in small commands one after another (see
 * `updateChunkSize`). Returns how many were deleted.
 */
export async function deleteEach<T extends Document>(
  collection: Collection<T>,
  filters: readonly Filter<T>[],
): Promise<number> {
  let deleted = 0;
  for (const part of chunks(filters, updateChunkSize)) {
    const result = await collection.bulkWrite(
      part.map((filter) => ({ deleteOne: { filter } })),
      { ordered: false },
    );
    deleted += result.deletedCount;
  }
  return deleted;
}

/** Maps `items` with at most `limit` calls of `task` in flight: enough to hide round trips, far below the pool. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await task(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Lookups by `_id` in flight at once during a sweep. */
export const lookupConcurrency = 8;

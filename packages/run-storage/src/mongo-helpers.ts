import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';

/**
 * The indexes of the inserts a bulk write refused as duplicates; rethrows any other failure. A bulk error with no
 * write errors at all (the driver wraps a lost connection so) is a failure too: reading it as "no duplicates"
 * would take an insert that never happened for one that did.
 */
export function duplicateIndexes(error: unknown): Set<number> {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : null;
  if (!list || list.length === 0) throw error;
  const indexes = new Set<number>();
  for (const writeError of list as { index: number; code: number }[]) {
    if (writeError.code !== 11000) throw error;
    indexes.add(writeError.index);
  }
  return indexes;
}

/** A MongoDB write refused by a unique index (E11000): the insert that settles who claimed something first. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/** Splits a long `$in` list so no query grows past what a server accepts comfortably. */
export function chunks<T>(items: readonly T[], size = 1_000): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * Most update statements sent in one command. FerretDB 1.24 (SQLite) keeps every statement's read cursor open
 * until the whole command ends, each on its own pooled SQLite connection (100 per database): one `update` with
 * ~100 statements, or a few concurrent ones with 30, exhaust the pool and wait on themselves forever, stalling
 * every other client. Small commands sent one after another avoid that; MongoDB does not care either way.
 */
export const updateChunkSize = 8;

/** `bulkWrite` of update operations in small sequential commands (see `updateChunkSize`). */
export async function bulkUpdate<T extends Document>(
  collection: Collection<T>,
  operations: AnyBulkWriteOperation<T>[],
): Promise<void> {
  for (const part of chunks(operations, updateChunkSize))
    await collection.bulkWrite(part, { ordered: false });
}

/** Documents by `_id`, a chunk of ids per query: FerretDB answers `_id: {$in}` from its index (our build). */
export async function findByIds<T extends { _id: string }>(
  collection: Collection<T>,
  ids: readonly string[],
  projection: Partial<Record<keyof T, 1>> = {},
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const options = Object.keys(projection).length > 0 ? { projection } : {};
  for (const part of chunks(ids)) {
    const docs = await collection.find({ _id: { $in: part } } as never, options).toArray();
    for (const doc of docs as unknown as T[]) found.set(doc._id, doc);
  }
  return found;
}

/**
 * Counts the documents of `query` with the `count` command, hinting the index that serves it: MongoDB answers
 * with a count scan, FerretDB (as this project builds it) with COUNT(*) over the index range. `countDocuments`
 * would not do: the driver sends it as an aggregation, which FerretDB answers by decoding every match.
 */
export async function countByIndex(
  db: Db,
  collection: Pick<Collection, 'collectionName'>,
  query: Document,
  hint: Document,
): Promise<number> {
  const answer = await db.command({ count: collection.collectionName, query, hint });
  return Number(answer.n);
}

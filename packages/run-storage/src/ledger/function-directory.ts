import { duplicateIndexes } from '../mongo-helpers.ts';
import type { RunStorage } from '../run-storage.ts';

/**
 * Records each function in `ledger_functions` before its first record is written, once per process: after the
 * first call for a function, a no-op. A failure is thrown (the write it precedes must not happen), and the
 * function is tried again next time.
 */
export function functionDirectory(storage: RunStorage): (functionIds: Iterable<string>) => Promise<void> {
  const recorded = new Set<string>();
  return async (functionIds) => {
    const fresh = [...new Set(functionIds)].filter((id) => !recorded.has(id));
    if (fresh.length === 0) return;
    await enterFunctions(storage, fresh);
    for (const id of fresh) recorded.add(id);
  };
}

/** Every function the ledger holds runs of, sorted: one small collection, read whole. */
export async function recordedFunctions(storage: RunStorage): Promise<string[]> {
  const entries = await storage.functions.find({}, { projection: { _id: 1 } }).toArray();
  return entries.map((entry) => entry._id).sort();
}

/**
 * Enters every function the ledger holds runs of, when `ledger_functions` is empty but the ledger is not: a
 * database written before the directory existed. Runs once, on the first open after the upgrade; its `distinct`
 * reads every run and result, once.
 */
export async function backfillFunctionDirectory(storage: RunStorage): Promise<void> {
  if (await storage.functions.findOne({}, { projection: { _id: 1 } })) return;
  const [anyResult, anyRun] = await Promise.all([
    storage.results.findOne({}, { projection: { _id: 1 } }),
    storage.runs.findOne({}, { projection: { _id: 1 } }),
  ]);
  if (!anyResult && !anyRun) return;
  const [fromResults, fromRuns] = await Promise.all([
    storage.results.distinct('functionId'),
    storage.runs.distinct('functionId'),
  ]);
  await enterFunctions(storage, [...new Set([...fromResults, ...fromRuns])]);
}

async function enterFunctions(storage: RunStorage, functionIds: readonly string[]): Promise<void> {
  if (functionIds.length === 0) return;
  const firstRecordedAt = new Date();
  // Inserts, not upserts: an insert on `_id` is atomic on FerretDB, and a duplicate means another process won.
  await storage.functions
    .insertMany(
      functionIds.map((_id) => ({ _id, firstRecordedAt })),
      { ordered: false },
    )
    .catch(duplicateIndexes);
}

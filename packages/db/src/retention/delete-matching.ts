import { deleteEach, type PassOutcome, sweepInBatches } from '@fixstream/run-storage';
import type { Collection, Document, Filter } from 'mongodb';

/**
 * Deletes every document that matches `old`, in batches of ids. Each delete carries the condition again, so a
 * document that stopped matching since it was read stays.
 */
export function deleteMatching<T extends { _id: string }>(
  collection: Collection<T>,
  old: Filter<T>,
  hint: Document,
  pass: { batchSize: number; signal?: AbortSignal | undefined },
): Promise<PassOutcome> {
  return sweepInBatches({
    collection,
    filter: old,
    hint,
    projection: { _id: 1 },
    batchSize: pass.batchSize,
    signal: pass.signal,
    async handle(batch) {
      const deleted = await deleteEach(
        collection,
        batch.map((doc) => ({ _id: doc._id, ...old })),
      );
      return { deleted, kept: [] };
    },
  });
}

import { type ReplayDocument, replaysByAge } from '../collections/replay-outboxes.ts';
import { indexedDates } from '../indexed-dates.ts';
import { outboxRef, owedRowId } from '../outbox/owed-rows.ts';
import { type RunStorage, replayAggregateName } from '../run-storage.ts';
import {
  deleteEach,
  lookupConcurrency,
  mapConcurrently,
  type PassOutcome,
  sweepInBatches,
} from './batches.ts';

/**
 * Deletes replay and re-drive documents (`replay_outboxes`) older than `orphanAfterMs` that no `outbox_owed` row
 * points at any more. The relay deletes each such document once its event is settled, right after deleting the
 * row; a failure between the two leaves the document behind with nothing owing it. Rows are written before their
 * document, so a document without a row is settled (or its row was dropped as an orphan), never still to be
 * published. Documents whose event is still owed stay, however old: the owed rows are never swept by age.
 */
export async function sweepOrphanReplays(
  storage: RunStorage,
  pass: { orphanAfterMs: number; batchSize: number; now: Date; signal?: AbortSignal },
): Promise<PassOutcome> {
  const { replays, owedRows } = storage;
  const isOwed = async (doc: Pick<ReplayDocument, '_id' | 'outbox'>) => {
    const ref = outboxRef(replayAggregateName, doc._id);
    for (const event of doc.outbox ?? []) {
      if (await owedRows.findOne({ _id: owedRowId(ref, event.id) }, { projection: { _id: 1 } })) return true;
    }
    return false;
  };
  return sweepInBatches({
    collection: replays,
    filter: { createdAt: indexedDates({ until: new Date(pass.now.getTime() - pass.orphanAfterMs) }) },
    hint: replaysByAge,
    projection: { outbox: 1 },
    batchSize: pass.batchSize,
    signal: pass.signal,
    async handle(batch) {
      const owed = await mapConcurrently(batch, lookupConcurrency, isOwed);
      const orphans = batch.filter((_, i) => !owed[i]);
      const deleted = await deleteEach(
        replays,
        orphans.map((doc) => ({ _id: doc._id })),
      );
      return { deleted, kept: batch.filter((_, i) => owed[i]).map((doc) => doc._id) };
    },
  });
}

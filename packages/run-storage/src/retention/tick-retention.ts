import { ticksByFunction } from '../collections/cron-ticks.ts';
import { owedByEvent } from '../collections/outbox-owed.ts';
import { indexedDates } from '../indexed-dates.ts';
import type { RunStorage } from '../run-storage.ts';
import { deleteEach, type PassOutcome, sweepInBatches } from './batches.ts';

/**
 * Deletes schedule ticks (`cron_ticks`) scheduled before `before` whose event nothing owes any more, schedule by
 * schedule through `{functionId, scheduledAt}`. A tick still owed stays: the relay may need its event.
 */
export async function sweepOldTicks(
  storage: RunStorage,
  pass: { before: Date; batchSize: number; signal?: AbortSignal },
): Promise<PassOutcome> {
  const { ticks, owedRows } = storage;
  const total = { deleted: 0, kept: 0 };
  const scheduled = await storage.schedules.find({}, { projection: { _id: 1 } }).toArray();
  for (const { _id: functionId } of scheduled) {
    const outcome = await sweepInBatches({
      collection: ticks,
      filter: { functionId, scheduledAt: indexedDates({ until: pass.before }) },
      hint: ticksByFunction,
      projection: { _id: 1 },
      batchSize: pass.batchSize,
      signal: pass.signal,
      async handle(batch) {
        const owed = await owedRows
          .find(
            { eventId: { $in: batch.map((tick) => tick._id) } },
            { projection: { eventId: 1 }, hint: owedByEvent },
          )
          .toArray();
        const stays = new Set(owed.map((row) => row.eventId));
        const deleted = await deleteEach(
          ticks,
          batch.filter((tick) => !stays.has(tick._id)).map((tick) => ({ _id: tick._id })),
        );
        return { deleted, kept: [...stays] };
      },
    });
    total.deleted += outcome.deleted;
    total.kept += outcome.kept;
  }
  return total;
}

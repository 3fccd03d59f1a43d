import type { CronStore, CronTick } from '@fixstream/events';
import { ticksByFunction } from '../collections/cron-ticks.ts';
import { indexedDates } from '../indexed-dates.ts';
import { isDuplicateKey } from '../mongo-helpers.ts';
import { outboxGraceMs } from '../outbox/outbox.ts';
import { outboxRef, oweOnce } from '../outbox/owed-rows.ts';
import { cronAggregateName, type RunStorage } from '../run-storage.ts';

/**
 * The runtime's cron store on MongoDB. A tick is owed in the order that keeps it findable: its owed row first,
 * then its `cron_ticks` document, whose insert on the tick's event id is the one atomic decision (a second
 * process gets a duplicate and answers false). A crash between the two leaves a row without its document: the
 * relay drops it as an orphan, and the next leader finds the tick unfired and owes it again.
 */
export function createCronStore(storage: RunStorage): CronStore {
  const { schedules, ticks } = storage;
  return {
    async cursors(scheduled, now) {
      const cursors = new Map<string, Date>();
      for (const { functionId, cron, timezone } of scheduled) {
        let since = await recordedSince(functionId, cron, timezone, now);
        const last = await lastTick(storage, functionId);
        if (last && last > since) since = last;
        cursors.set(functionId, since);
      }
      return cursors;
    },

    async fire(functionId, tick: CronTick) {
      const ref = outboxRef(cronAggregateName, tick.id);
      const scheduledAt = new Date(tick.data.scheduledAt);
      // The scheduler publishes the tick itself; the relay steps in after the grace, as for any producer.
      const dueAt = new Date(Date.now() + outboxGraceMs);
      return oweOnce(storage, { ref, event: tick, dueAt }, () =>
        ticks.insertOne({ _id: tick.id, functionId, scheduledAt, outbox: [tick], createdAt: new Date() }),
      );
    },
  };

  /** When the schedule's ticks start counting: recorded now if new, moved to now if its expression changed. */
  async function recordedSince(functionId: string, cron: string, timezone: string, now: Date): Promise<Date> {
    const found = await schedules.findOne({ _id: functionId });
    if (found && found.cron === cron && found.timezone === timezone) return found.since;
    if (found) {
      await schedules.updateOne(
        { _id: functionId },
        { $set: { cron, timezone, since: now, updatedAt: now } },
      );
      return now;
    }
    try {
      await schedules.insertOne({ _id: functionId, cron, timezone, since: now, updatedAt: now });
      return now;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return recordedSince(functionId, cron, timezone, now);
    }
  }
}

/** The latest tick a function was owed, from the index `{functionId, scheduledAt}`; null before the first. */
export async function lastTick(storage: RunStorage, functionId: string): Promise<Date | null> {
  const [last] = await storage.ticks
    .find(
      { functionId, scheduledAt: indexedDates() },
      { projection: { scheduledAt: 1 }, hint: ticksByFunction },
    )
    .sort({ scheduledAt: -1 })
    .limit(1)
    .toArray();
  return last?.scheduledAt ?? null;
}

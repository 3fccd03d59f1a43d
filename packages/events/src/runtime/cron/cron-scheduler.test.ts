import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { defineCronFunction } from './cron-function.ts';
import { CronScheduler } from './cron-scheduler.ts';
import type { CronStore } from './cron-store.ts';

/** A store in memory: the cursor it answers, and the ticks it was asked to owe (each owed once). */
function memoryStore(cursor: Date) {
  const owed: string[] = [];
  const store: CronStore = {
    async cursors(schedules) {
      return new Map(schedules.map((s) => [s.functionId, cursor]));
    },
    async fire(_functionId, tick) {
      if (owed.includes(tick.data.scheduledAt)) return false;
      owed.push(tick.data.scheduledAt);
      return true;
    },
  };
  return { store, owed };
}

/** Counts what the scheduler publishes. */
const published: string[] = [];
const publisher = {
  async publishMany(events: readonly { data: unknown }[]) {
    for (const event of events) published.push((event.data as { scheduledAt: string }).scheduledAt);
    return [];
  },
};

const everyMinute = defineCronFunction({ id: 'every-minute', cron: '* * * * *', handler: async () => {} });
const at = (iso: string) => new Date(iso);

describe('CronScheduler', () => {
  it('fires only the latest tick missed before it took the lease, then every tick, however late a pass', async () => {
    const { store, owed } = memoryStore(at('2026-01-01T00:00:00Z'));
    const scheduler = new CronScheduler({ store, functions: [everyMinute], publisher, logger: silentLogger });
    expect(await scheduler.fire(at('2026-01-01T00:10:30Z'))).toBe(1);
    expect(owed).toEqual(['2026-01-01T00:10:00.000Z']);
    expect(await scheduler.fire(at('2026-01-01T00:10:59Z'))).toBe(0);
    expect(await scheduler.fire(at('2026-01-01T00:13:05Z'))).toBe(3);
    expect(owed.slice(1)).toEqual([
      '2026-01-01T00:11:00.000Z',
      '2026-01-01T00:12:00.000Z',
      '2026-01-01T00:13:00.000Z',
    ]);
    expect(published.slice(-4)).toEqual(owed);
  });

  it('reads its cursors again after losing the lease, and a tick owed already is not owed twice', async () => {
    const { store, owed } = memoryStore(at('2026-01-01T00:00:00Z'));
    const scheduler = new CronScheduler({ store, functions: [everyMinute], publisher, logger: silentLogger });
    await scheduler.fire(at('2026-01-01T00:05:10Z'));
    scheduler.resign();
    expect(await scheduler.fire(at('2026-01-01T00:05:20Z'))).toBe(0);
    expect(owed).toEqual(['2026-01-01T00:05:00.000Z']);
  });

  it('does nothing without scheduled functions', async () => {
    const { store, owed } = memoryStore(at('2026-01-01T00:00:00Z'));
    const scheduler = new CronScheduler({ store, functions: [], publisher, logger: silentLogger });
    expect(scheduler.active).toBe(false);
    expect(await scheduler.fire(at('2026-01-01T01:00:00Z'))).toBe(0);
    expect(owed).toEqual([]);
  });
});

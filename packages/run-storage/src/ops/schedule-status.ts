import { compileSchedule, cronTickId, runKey } from '@fixstream/events';
import { lastTick } from '../cron/cron-store.ts';
import type { RunStorage } from '../run-storage.ts';
import type { LedgerRunState } from './ops-queries.ts';

/** A scheduled function as `pnpm ops status` shows it. */
export interface ScheduleStatus {
  functionId: string;
  cron: string;
  timezone: string;
  /** When the next tick is due; null when the expression has no more. */
  nextAt: Date | null;
  /** The last tick owed; null before the first. */
  lastTickAt: Date | null;
  /** Where the last tick's run stands (`pending`: owed, and neither claimed nor finished yet); null before one. */
  lastRun: LedgerRunState | 'pending' | null;
}

/**
 * Every schedule the workers recorded (`cron_schedules`, one document per scheduled function), with its next tick
 * and how its last one ran: the tick by `{functionId, scheduledAt}`, its run by key.
 */
export async function scheduleStatus(storage: RunStorage, now: Date): Promise<ScheduleStatus[]> {
  const schedules = await storage.schedules.find({}).toArray();
  const statuses = await Promise.all(
    schedules.map(async (schedule): Promise<ScheduleStatus> => {
      const functionId = schedule._id;
      const lastTickAt = await lastTick(storage, functionId);
      let lastRun: ScheduleStatus['lastRun'] = null;
      if (lastTickAt) {
        const key = runKey(cronTickId(functionId, lastTickAt), functionId);
        const [result, run] = await Promise.all([
          storage.results.findOne({ _id: key }, { projection: { status: 1 } }),
          storage.runs.findOne({ _id: key }, { projection: { _id: 1 } }),
        ]);
        lastRun = result?.status ?? (run ? 'in-progress' : 'pending');
      }
      let nextAt: Date | null = null;
      try {
        nextAt = compileSchedule({ cron: schedule.cron, timezone: schedule.timezone }).next(now);
      } catch {
        nextAt = null;
      }
      return { functionId, cron: schedule.cron, timezone: schedule.timezone, nextAt, lastTickAt, lastRun };
    }),
  );
  return statuses.sort((a, b) => a.functionId.localeCompare(b.functionId));
}

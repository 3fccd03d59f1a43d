import type { CronTick } from './cron-function.ts';

/** A scheduled function as the store records it. */
export interface ScheduledFunction {
  functionId: string;
  cron: string;
  timezone: string;
}

/**
 * Where ticks are decided, durably (MongoDB in this product). The runtime asks it where each schedule stands and
 * hands it each tick to owe: a tick becomes an owed event, which the relay publishes, and republishes should
 * Redis lose it, like any event a producer wrote.
 */
export interface CronStore {
  /**
   * Records the schedules the workers run, and answers, per function, the point after which ticks count: the
   * later of its last tick and when its schedule was first recorded (or last changed), so a new or changed
   * schedule does not fire for a time before it existed.
   */
  cursors(schedules: readonly ScheduledFunction[], now: Date): Promise<Map<string, Date>>;
  /** Owes a tick's event, at most once per function and tick across processes: false when it was owed already. */
  fire(functionId: string, tick: CronTick): Promise<boolean>;
}

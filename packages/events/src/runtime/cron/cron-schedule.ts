import { Cron } from 'croner';

/** When a function runs on its own: a cron expression (5 fields, or 6 with seconds first) in a time zone. */
export interface CronSchedule {
  cron: string;
  /** An IANA time zone (`Europe/Paris`); ticks follow its clock, daylight saving included. Default `UTC`. */
  timezone?: string;
}

/** A schedule ready to answer "when next" and "when last". */
export interface CompiledSchedule {
  readonly cron: string;
  readonly timezone: string;
  /** The first tick strictly after `after`, or null when the expression has no more. */
  next(after: Date): Date | null;
  /**
   * The latest tick in `(after, now]`, or null when there is none: a tick missed while no worker ran is fired
   * once, the latest one, never once per missed tick.
   */
  latest(after: Date, now: Date): Date | null;
}

/** A cron expression or time zone that cannot run: the message says which and why. */
export class InvalidScheduleError extends Error {
  override name = 'InvalidScheduleError';
}

/** Whether the runtime knows an IANA time zone name (`Europe/Paris`): the one check of every zone a setting names. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks and compiles a schedule (croner parses the expression). Throws `InvalidScheduleError` for an expression
 * croner refuses or a time zone the runtime does not know, so a bad schedule stops the worker at start.
 */
export function compileSchedule(schedule: CronSchedule): CompiledSchedule {
  const timezone = schedule.timezone ?? 'UTC';
  if (!isTimeZone(timezone)) {
    throw new InvalidScheduleError(`unknown time zone "${timezone}" (use an IANA name such as Europe/Paris)`);
  }
  let cron: Cron;
  try {
    cron = new Cron(schedule.cron, { timezone, paused: true });
  } catch (error) {
    throw new InvalidScheduleError(`invalid cron expression "${schedule.cron}": ${(error as Error).message}`);
  }
  const next = (after: Date) => cron.nextRun(after);
  return {
    cron: schedule.cron,
    timezone,
    next,
    latest(after, now) {
      const first = next(after);
      if (!first || first > now) return null;
      // Look back over windows that double from one second, so a seconds cron costs one step and a weekly one a
      // few dozen: the first window holding a tick holds few.
      for (let windowMs = 1_000; ; windowMs *= 2) {
        const from = new Date(Math.max(after.getTime(), now.getTime() - windowMs));
        let found: Date | null = null;
        for (let tick = next(from); tick && tick <= now; tick = next(tick)) found = tick;
        if (found) return found;
      }
    },
  };
}

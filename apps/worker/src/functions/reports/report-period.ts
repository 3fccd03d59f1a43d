import { Cron } from 'croner';

/** A report's period, `[from, to)`. */
export interface ReportPeriod {
  from: Date;
  to: Date;
}

/**
 * The latest period of a report whose schedule (a cron expression in the company's time zone: `0 8 * * 1` ends a
 * weekly period on Mondays at 08:00 there) has ended by `now`: from the schedule's occurrence before that end to
 * the end, so a period is the company's own week or day, daylight saving included (a day may have 23 or 25
 * hours). Null when the schedule has no two occurrences before `now`.
 */
export function latestReportPeriod(cron: string, timeZone: string, now: Date): ReportPeriod | null {
  const schedule = new Cron(cron, { timezone: timeZone, paused: true });
  // croner counts back from a whole second, excluding it: the next second includes an end at `now` itself
  const reference = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  const [to, from] = schedule.previousRuns(2, reference);
  return to && from ? { from, to } : null;
}

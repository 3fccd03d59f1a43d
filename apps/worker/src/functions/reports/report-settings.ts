import { z } from 'zod';

const cronField = z.string().trim().min(1);

/** The report job's settings in the worker's environment. */
export const reportEnv = z.object({
  /** How often the worker looks for companies whose report period has ended (cron, UTC). */
  REPORT_PLAN_CRON: cronField.default('*/15 * * * *'),
  /** When a weekly period ends, in each company's time zone (cron): Mondays at 08:00. */
  REPORT_WEEKLY_CRON: cronField.default('0 8 * * 1'),
  /** When a daily period ends, in each company's time zone (cron): every day at 08:00. */
  REPORT_DAILY_CRON: cronField.default('0 8 * * *'),
  /**
   * A period that ended longer ago than this when a planner first sees it (every worker was down) gets no report;
   * a shorter outage sends the latest period's report once, late.
   */
  REPORT_CATCH_UP_HOURS: z.coerce.number().int().min(1).max(8_760).default(168),
});

/** What the report functions take from the environment. */
export interface ReportSettings {
  planCron: string;
  schedules: { weekly: string; daily: string };
  catchUpMs: number;
}

export function reportSettingsFromEnv(env: z.output<typeof reportEnv>): ReportSettings {
  return {
    planCron: env.REPORT_PLAN_CRON,
    schedules: { weekly: env.REPORT_WEEKLY_CRON, daily: env.REPORT_DAILY_CRON },
    catchUpMs: env.REPORT_CATCH_UP_HOURS * 3_600_000,
  };
}

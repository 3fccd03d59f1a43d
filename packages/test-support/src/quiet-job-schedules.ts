/**
 * The worker's job schedules for a stack under test: once a year, on a date no test runs through. Their defaults
 * (hourly, every 15 minutes) would fire in the middle of any test that crosses the hour, creating requests, mails
 * and owed events the test did not ask for, in a mail sink every stack shares; a test of a job sets its own.
 */
export const quietJobSchedules = {
  PREVENTIVE_CRON: '0 0 1 1 *',
  ESCALATION_CRON: '0 0 1 1 *',
  REPORT_PLAN_CRON: '0 0 1 1 *',
} as const;

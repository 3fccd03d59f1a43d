import { isTimeZone } from '@fixstream/events';
import { z } from 'zod';
import type { MaintenanceJobSettings } from './functions/maintenance-jobs.ts';

/** A comma-separated list of non-negative numbers (`24,72`), fractions allowed. */
const numberList = (what: string) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      const parts = value.split(',').map((part) => part.trim());
      const numbers = parts.map(Number);
      if (parts.some((part) => part === '') || numbers.some((n) => !Number.isFinite(n) || n < 0)) {
        ctx.addIssue({ code: 'custom', message: `must be ${what}, comma-separated non-negative numbers` });
        return z.NEVER;
      }
      return numbers;
    });

const days = z.coerce.number().min(0).max(3_650);

const timeZone = z
  .string()
  .refine(isTimeZone, { message: 'must be an IANA time zone, such as Europe/Paris' });

/** The maintenance jobs' settings (docs/configuration.md, "Maintenance jobs"). */
export const maintenanceJobsEnv = z.object({
  /** When the preventive job runs (cron: five fields, or six with seconds first). Default hourly. */
  PREVENTIVE_CRON: z.string().trim().min(1).default('0 * * * *'),
  /** Days ahead of its due date a preventive request is created (fractions allowed). */
  PREVENTIVE_LEAD_DAYS: days.default(7),
  /** Days before a preventive request's scheduled date its technician is reminded (fractions allowed). */
  REMINDER_DAYS_BEFORE: days.default(2),
  /** When the escalation job runs. Default every 15 minutes. */
  ESCALATION_CRON: z.string().trim().min(1).default('*/15 * * * *'),
  /** Hours after the deadline at which each escalation level fires. */
  ESCALATION_LEVELS_HOURS: numberList('hours')
    .default([24, 72])
    .refine((levels) => levels.length >= 1 && levels.length <= 10, 'must name 1 to 10 levels'),
  /** Deadline of an unscheduled request, hours after its creation, for priorities 0 (low) to 3 (urgent). */
  ESCALATION_DEFAULT_HOURS: numberList('hours')
    .default([168, 72, 24, 8])
    .refine((hours) => hours.length === 4, 'must give 4 numbers, for priorities 0 to 3'),
  /** The zone of the jobs' schedules and of the dates in their mails. */
  JOBS_TIME_ZONE: timeZone.default('UTC'),
});
export type MaintenanceJobsEnv = z.output<typeof maintenanceJobsEnv>;

/** The jobs' settings as the functions take them. */
export function maintenanceJobSettings(env: MaintenanceJobsEnv): MaintenanceJobSettings {
  return {
    preventiveCron: env.PREVENTIVE_CRON,
    preventiveLeadDays: env.PREVENTIVE_LEAD_DAYS,
    reminderDaysBefore: env.REMINDER_DAYS_BEFORE,
    escalationCron: env.ESCALATION_CRON,
    escalationLevelsHours: env.ESCALATION_LEVELS_HOURS,
    escalationDefaultHours: env.ESCALATION_DEFAULT_HOURS as [number, number, number, number],
    timeZone: env.JOBS_TIME_ZONE,
  };
}

import type { DeadlineHoursByPriority } from '@fixstream/db';
import type { FunctionDefinition } from '@fixstream/events';
import type { Outbox } from '@fixstream/run-storage';
import { createPreventiveRequests } from './create-preventive-requests.function.ts';
import { escalateOverdueRequests } from './escalate-overdue-requests.function.ts';
import type { FunctionDeps } from './function-deps.ts';
import { remindTechnician, remindTechnicianRescheduled } from './remind-technician.function.ts';

/** The settings of the maintenance jobs (`PREVENTIVE_*`, `REMINDER_*`, `ESCALATION_*`, see env.ts). */
export interface MaintenanceJobSettings {
  /** When the preventive job looks for equipment coming due (cron, in `timeZone`). */
  preventiveCron: string;
  /** How many days before its due date a preventive request is created (fractions allowed). */
  preventiveLeadDays: number;
  /** How many days before a request's scheduled date its technician is reminded (fractions allowed). */
  reminderDaysBefore: number;
  /** When the escalation job looks for overdue requests (cron, in `timeZone`). */
  escalationCron: string;
  /** Hours after the deadline at which each escalation level fires, ascending (fractions allowed). */
  escalationLevelsHours: readonly number[];
  /** Deadline of an unscheduled request: hours after its creation, per priority 0–3. */
  escalationDefaultHours: DeadlineHoursByPriority;
  /** The IANA zone of the schedules and of the dates in the mails (companies keep no zone of their own). */
  timeZone: string;
}

/** What the maintenance jobs need beyond the mail functions': the outbox requests are created through. */
export interface MaintenanceJobDeps extends FunctionDeps {
  outbox: Outbox;
  jobs: MaintenanceJobSettings;
}

/** The preventive job, the technician reminders and the escalation of overdue requests (issue 12, items 5–6). */
export function maintenanceJobs(deps: MaintenanceJobDeps): FunctionDefinition[] {
  return [
    createPreventiveRequests(deps),
    remindTechnician(deps),
    remindTechnicianRescheduled(deps),
    escalateOverdueRequests(deps),
  ] as FunctionDefinition[];
}

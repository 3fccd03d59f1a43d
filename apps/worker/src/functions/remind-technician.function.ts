import { preventiveReminderMail } from '@fixstream/emails';
import {
  defineFunction,
  type FunctionContext,
  requestCreated,
  requestRescheduled,
  requestStatusChanged,
} from '@fixstream/events';
import { messageIdFor, sendMail } from './function-deps.ts';
import { claimOnce } from './job-claim.ts';
import { daysUntilDue, reminderAt } from './job-dates.ts';
import { loadRequestForMail } from './load-request-for-mail.ts';
import type { MaintenanceJobDeps } from './maintenance-jobs.ts';
import { requestUrl } from './request-mail-props.ts';

/**
 * A reminder asleep is cancelled when its request is repaired or scrapped. Rescheduling does not cancel: a rule
 * on `request.rescheduled` would also cancel the run that event starts (the canceller matches by request id and
 * runs in its own group), so the old reminder finds the date moved when it wakes and sends nothing instead.
 */
const cancelOn = [
  {
    event: requestStatusChanged,
    match: 'data.requestId',
    if: (event: { data: unknown }) => {
      const to = (event.data as { to?: string }).to;
      return to === 'repaired' || to === 'scrap';
    },
  },
];

/** The claim that makes one reminder per request and date, whichever of its runs gets there. */
export function reminderClaimId(requestId: string, scheduledDate: Date): string {
  return `reminder:${requestId}:${scheduledDate.toISOString()}`;
}

/**
 * Reminds the technician of a new preventive request `REMINDER_DAYS_BEFORE` days before its scheduled date (a
 * durable sleep); at once when that time has passed already.
 */
export function remindTechnician(deps: MaintenanceJobDeps) {
  return defineFunction({
    id: 'remind-technician',
    event: requestCreated,
    cancelOn,
    handler: (run) => remind(deps, run, { from: 'request' }),
  });
}

/** The same reminder for the new date of a rescheduled preventive request. */
export function remindTechnicianRescheduled(deps: MaintenanceJobDeps) {
  return defineFunction({
    id: 'remind-technician-rescheduled',
    event: requestRescheduled,
    cancelOn,
    handler: (run) => remind(deps, run, { from: 'event', date: run.event.data.to }),
  });
}

type ReminderRun = FunctionContext<{ id: string; data: { requestId: string; type: string } }>;

/** The date a reminder is for: the one its event announced (null: the date was taken off), or the request's own. */
type ReminderDate = { from: 'event'; date: string | null } | { from: 'request' };

/**
 * Sleeps until the reminder of the date the run is for, then reads the request again and mails only if it is
 * still open, still scheduled for that date and assigned.
 */
async function remind(deps: MaintenanceJobDeps, run: ReminderRun, dateOf: ReminderDate): Promise<void> {
  const { event, step, logger, runKey } = run;
  if (event.data.type !== 'preventive') return;
  const requestId = event.data.requestId;
  // A request without a date (most of them) costs one read and no write; the date is recorded once there is one.
  const current = dateOf.from === 'event' ? dateOf.date : await scheduledDateOf(deps, requestId);
  if (!current) return;
  const date = await step.run('scheduled-date', () => current);
  const scheduledDate = new Date(date);
  await step.sleepUntil('until-reminder', reminderAt(scheduledDate, deps.jobs.reminderDaysBefore));

  const request = await loadRequestForMail(deps.db, requestId);
  const technician = request?.assignedTechnician;
  const skip = !request
    ? 'request no longer exists'
    : request.status === 'repaired' || request.status === 'scrap'
      ? 'request is closed'
      : request.scheduledDate !== scheduledDate.toISOString()
        ? 'request was rescheduled; the reminder of its new date is sent instead'
        : !technician?.active
          ? 'request has no active technician'
          : null;
  if (skip || !request || !technician) {
    logger.info({ eventId: event.id, requestId, scheduledDate: date, reason: skip }, 'no reminder');
    return;
  }
  const claim = await claimOnce(deps.db, {
    id: reminderClaimId(requestId, scheduledDate),
    runKey,
    requestId,
  });
  if (!claim.ours) {
    logger.info({ eventId: event.id, requestId }, 'another run sends the reminder of this date');
    return;
  }
  const now = new Date();
  const mail = await preventiveReminderMail({
    technicianName: technician.name,
    subject: request.subject,
    requestId,
    equipmentName: request.equipment.name,
    serialNumber: request.equipment.serialNumber,
    location: request.equipment.location,
    teamName: request.maintenanceTeam.name,
    scheduledDate: date,
    durationHours: request.durationHours,
    timeZone: deps.jobs.timeZone,
    daysUntilDue: daysUntilDue(now, scheduledDate, deps.jobs.timeZone),
    requestUrl: requestUrl(deps, requestId),
  });
  await sendMail(
    deps,
    { to: technician.email, ...mail, messageId: messageIdFor(runKey, deps.messageIdDomain) },
    run,
  );
}

async function scheduledDateOf(deps: MaintenanceJobDeps, requestId: string): Promise<string | null> {
  const request = await deps.db.models.Request.findById(requestId, { scheduledDate: 1 }).lean();
  return request?.scheduledDate?.toISOString() ?? null;
}

import { findOverdueRequests, type OverdueRequest } from '@fixstream/db';
import { escalationMail } from '@fixstream/emails';
import { type CronTick, defineCronFunction, type FunctionContext } from '@fixstream/events';
import { messageIdFor, sendMail, sendMailAsStep } from './function-deps.ts';
import { claimOnce, claimUnlessTaken } from './job-claim.ts';
import { type EscalationLevel, escalationLevels, reachedLevel } from './job-dates.ts';
import { loadRequestForMail } from './load-request-for-mail.ts';
import type { MaintenanceJobDeps } from './maintenance-jobs.ts';
import { requestUrl } from './request-mail-props.ts';
import { teamManagers } from './team-managers.ts';

/** The claim of one escalation level of one request: `escalation:<request id>:<level>`. */
export function escalationClaimId(requestId: string, level: number): string {
  return `escalation:${requestId}:${level}`;
}

/** Overdue requests read per query: each page costs a few index ranges of this many rows. */
const OVERDUE_PAGE_SIZE = 100;

/**
 * On its schedule (`ESCALATION_CRON`), mails the team's managers about every open request past its deadline by
 * an escalation level (`ESCALATION_LEVELS_HOURS`), each level at most once per request: the run that inserts
 * the claim `escalation:<request>:<level>` mails, and a retry of that run finishes its mails (each one a step,
 * so a manager mailed before a crash is not mailed again). A request is escalated only while it is open: the
 * overdue query reads open requests only, a page of one company at a time (companies are few, one per tenant:
 * the tick reads them all), and the request is read again just before mailing.
 */
export function escalateOverdueRequests(deps: MaintenanceJobDeps) {
  const levels = escalationLevels(deps.jobs.escalationLevelsHours);
  return defineCronFunction({
    id: 'escalate-overdue-requests',
    cron: deps.jobs.escalationCron,
    timezone: deps.jobs.timeZone,
    async handler(run) {
      const now = new Date();
      const failures: unknown[] = [];
      for (const company of await deps.db.models.Company.find({}, { _id: 1 }).sort({ _id: 1 }).lean()) {
        let after: string | null = null;
        do {
          const page = await findOverdueRequests(deps.db, {
            now,
            defaultHours: deps.jobs.escalationDefaultHours,
            companyId: company._id.toString(),
            after,
            limit: OVERDUE_PAGE_SIZE,
          });
          for (const item of page.items) {
            const level = reachedLevel(levels, item.lateByMs);
            if (!level) continue;
            try {
              await escalate(deps, run, item, level, levels);
            } catch (error) {
              run.logger.error({ requestId: item.id, err: error }, 'escalation failed; the run is retried');
              failures.push(error);
            }
          }
          after = page.next;
        } while (after);
      }
      if (failures.length > 0) {
        throw new AggregateError(failures, `${failures.length} escalations failed`);
      }
    },
  });
}

async function escalate(
  deps: MaintenanceJobDeps,
  run: FunctionContext<CronTick>,
  item: OverdueRequest,
  level: EscalationLevel,
  levels: readonly EscalationLevel[],
): Promise<void> {
  const { runKey, logger } = run;
  const claimId = escalationClaimId(item.id, level.level);
  const claim = await claimUnlessTaken(deps.db, { id: claimId, runKey, requestId: item.id });
  if (!claim.ours) return;
  // Levels passed over (the request was found already that late) are spent too: they never fire after this one.
  for (const lower of levels.filter((l) => l.level < level.level)) {
    await claimOnce(deps.db, { id: escalationClaimId(item.id, lower.level), runKey, requestId: item.id });
  }
  const request = await loadRequestForMail(deps.db, item.id);
  if (!request || request.status === 'repaired' || request.status === 'scrap') return;
  const managers = await teamManagers(deps.db, request.maintenanceTeam.id, request.companyId);
  if (managers.length === 0) {
    logger.warn({ requestId: item.id, level: level.level }, 'no active manager to escalate to');
    return;
  }
  for (const manager of managers) {
    await sendMailAsStep(run, `mail:${claimId}:${manager.id}`, async () => {
      const mail = await escalationMail({
        managerName: manager.name,
        subject: request.subject,
        requestId: request.id,
        type: request.type,
        priority: request.priority,
        equipmentName: request.equipment.name,
        serialNumber: request.equipment.serialNumber,
        teamName: request.maintenanceTeam.name,
        technicianName: request.assignedTechnician?.name ?? null,
        deadline: item.deadline.toISOString(),
        lateByMs: item.lateByMs,
        level: level.level,
        timeZone: deps.jobs.timeZone,
        requestUrl: requestUrl(deps, request.id),
      });
      const messageId = messageIdFor(
        `${runKey}.${item.id}.${level.level}.${manager.id}`,
        deps.messageIdDomain,
      );
      return sendMail(deps, { to: manager.email, ...mail, messageId }, run);
    });
  }
}

import { statusChangedMail } from '@fixstream/emails';
import { defineFunction, requestStatusChanged } from '@fixstream/events';
import { type FunctionDeps, messageIdFor, sendMail } from './function-deps.ts';
import { loadRequestForMail, userName } from './load-request-for-mail.ts';
import { requestUrl } from './request-mail-props.ts';

/**
 * Mails the person who asked for the work when their request changes stage. People who move their own request
 * are not mailed about it.
 */
export function sendStatusUpdate(deps: FunctionDeps) {
  return defineFunction({
    id: 'send-status-update',
    event: requestStatusChanged,
    async handler(run) {
      const { event, runKey, logger } = run;
      const request = await loadRequestForMail(deps.db, event.data.requestId);
      if (!request) {
        logger.warn({ eventId: event.id }, 'request no longer exists; no mail');
        return;
      }
      const requester = request.requestedBy;
      if (!requester.active || requester.id === event.data.changedById) {
        logger.info({ eventId: event.id }, 'requester is deactivated or made the change; no mail');
        return;
      }
      const mail = await statusChangedMail({
        requesterName: requester.name,
        subject: request.subject,
        requestId: request.id,
        type: request.type,
        fromStatus: event.data.from,
        toStatus: event.data.to,
        changedByName: (await userName(deps.db, event.data.changedById)) ?? 'someone',
        equipmentName: request.equipment.name,
        serialNumber: request.equipment.serialNumber,
        technicianName: request.assignedTechnician?.name ?? null,
        teamName: request.maintenanceTeam.name,
        closedAt: request.closedAt,
        requestUrl: requestUrl(deps, request.id),
      });
      await sendMail(
        deps,
        {
          to: requester.email,
          ...mail,
          messageId: messageIdFor(runKey, deps.messageIdDomain),
        },
        run,
      );
    },
  });
}

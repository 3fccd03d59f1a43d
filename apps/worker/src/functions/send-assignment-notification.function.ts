import { requestAssignedMail } from '@fixstream/emails';
import { defineFunction, requestAssigned } from '@fixstream/events';
import { type FunctionDeps, messageIdFor, sendMail } from './function-deps.ts';
import { loadRequestForMail, userName } from './load-request-for-mail.ts';
import { technicianMailProps } from './request-mail-props.ts';

/** Mails the technician a request was reassigned to, saying who assigned it and who had it before. */
export function sendAssignmentNotification(deps: FunctionDeps) {
  return defineFunction({
    id: 'send-assignment-notification',
    event: requestAssigned,
    async handler(run) {
      const { event, runKey, logger } = run;
      const request = await loadRequestForMail(deps.db, event.data.requestId);
      const technician = request?.assignedTechnician;
      if (!request || !technician || technician.id !== event.data.technicianId) {
        logger.info({ eventId: event.id }, 'request is gone or was reassigned again; no mail');
        return;
      }
      if (!technician.active) {
        logger.info({ eventId: event.id }, 'technician is deactivated; no mail');
        return;
      }
      const [assignedByName, previousTechnicianName] = await Promise.all([
        userName(deps.db, event.data.assignedById),
        userName(deps.db, event.data.previousTechnicianId),
      ]);
      const mail = await requestAssignedMail({
        ...technicianMailProps(deps, request, technician.name),
        assignedByName: assignedByName ?? 'someone',
        previousTechnicianName,
        status: request.status,
      });
      await sendMail(
        deps,
        {
          to: technician.email,
          ...mail,
          messageId: messageIdFor(runKey, deps.messageIdDomain),
        },
        run,
      );
    },
  });
}

import { requestCreatedMail } from '@fixstream/emails';
import { defineFunction, requestCreated } from '@fixstream/events';
import { type FunctionDeps, messageIdFor, sendMail } from './function-deps.ts';
import { loadRequestForMail } from './load-request-for-mail.ts';
import { technicianMailProps } from './request-mail-props.ts';

/** Mails the technician a new request was assigned to: the first function of the seed's flow. */
export function sendRequestNotification(deps: FunctionDeps) {
  return defineFunction({
    id: 'send-request-notification',
    event: requestCreated,
    async handler(run) {
      const { event, runKey, logger } = run;
      const request = await loadRequestForMail(deps.db, event.data.requestId);
      if (!request) {
        logger.warn(
          { eventId: event.id, requestId: event.data.requestId },
          'request no longer exists; no mail',
        );
        return;
      }
      const technician = request.assignedTechnician;
      if (!technician || technician.id !== event.data.assignedTechnicianId) {
        logger.info(
          { eventId: event.id },
          'request was reassigned meanwhile; the new technician gets their own mail',
        );
        return;
      }
      if (!technician.active) {
        logger.info({ eventId: event.id }, 'technician is deactivated; no mail');
        return;
      }
      const mail = await requestCreatedMail(technicianMailProps(deps, request, technician.name));
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

import type { RequestCreatedEmailProps } from '@fixstream/emails';
import type { FunctionDeps } from './function-deps.ts';
import type { RequestForMail } from './load-request-for-mail.ts';

/** The frontend link of a request, when the worker knows the frontend's address. */
export function requestUrl(deps: FunctionDeps, requestId: string): string | null {
  return deps.appUrl ? `${deps.appUrl.replace(/\/$/, '')}/requests/${requestId}` : null;
}

/** What the mails to a technician show about a request (created and assigned mails share it). */
export function technicianMailProps(
  deps: FunctionDeps,
  request: RequestForMail,
  technicianName: string,
): RequestCreatedEmailProps {
  return {
    technicianName,
    subject: request.subject,
    type: request.type,
    priority: request.priority,
    equipmentName: request.equipment.name,
    serialNumber: request.equipment.serialNumber,
    location: request.equipment.location,
    requesterName: request.requestedBy.name,
    teamName: request.maintenanceTeam.name,
    requestId: request.id,
    description: request.description,
    scheduledDate: request.scheduledDate,
    requestUrl: requestUrl(deps, request.id),
  };
}

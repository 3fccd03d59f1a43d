import type { RouterOutputs } from '@fixstream/client';
import { closedStages, type RequestStatus, type RequestType } from '@fixstream/schemas';

export type MaintenanceRequest = RouterOutputs['requests']['byId'];

export const priorityLabels = ['Low', 'Normal', 'High', 'Urgent'] as const;

export const typeLabels: Record<RequestType, string> = {
  corrective: 'Corrective',
  preventive: 'Preventive',
};

/** As the API's `overdue` filter means it: the scheduled date has passed and the request is not closed. */
export function isOverdue(request: MaintenanceRequest, now = Date.now()): boolean {
  return (
    request.scheduledDate !== null &&
    Date.parse(request.scheduledDate) < now &&
    !closedStages.includes(request.status as RequestStatus)
  );
}

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

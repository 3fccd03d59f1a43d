import type { EventDefinition } from '../event.ts';
import { passwordResetRequested } from './password-reset-requested.event.ts';
import { reportDue } from './report-due.event.ts';
import { requestAssigned } from './request-assigned.event.ts';
import { requestCreated } from './request-created.event.ts';
import { requestRescheduled } from './request-rescheduled.event.ts';
import { requestStatusChanged } from './request-status-changed.event.ts';
import { webhookDeliveryDue } from './webhook-delivery-due.event.ts';

/** Every event type fixstream knows, by name. Tools (ops CLI, relay) look definitions up here. */
export const eventCatalog = {
  [requestCreated.name]: requestCreated,
  [requestStatusChanged.name]: requestStatusChanged,
  [requestAssigned.name]: requestAssigned,
  [passwordResetRequested.name]: passwordResetRequested,
  [reportDue.name]: reportDue,
  [requestRescheduled.name]: requestRescheduled,
  [webhookDeliveryDue.name]: webhookDeliveryDue,
} as const satisfies Record<string, EventDefinition>;

export type EventName = keyof typeof eventCatalog;

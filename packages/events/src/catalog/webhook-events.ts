import { requestAssigned } from './request-assigned.event.ts';
import { requestCreated } from './request-created.event.ts';
import { requestStatusChanged } from './request-status-changed.event.ts';

/**
 * The events a company's webhook endpoints may subscribe to: the request events, which all carry `companyId`.
 * Password resets are not among them: they concern one person and carry no company.
 */
export const webhookEvents = [requestCreated, requestStatusChanged, requestAssigned] as const;

export const webhookEventNames = [
  requestCreated.name,
  requestStatusChanged.name,
  requestAssigned.name,
] as const;
export type WebhookEventName = (typeof webhookEventNames)[number];

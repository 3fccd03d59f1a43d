import type { RouterOutputs } from '@fixstream/client';
import type { WebhookEventName } from '@fixstream/schemas';

export type WebhookEndpoint = RouterOutputs['webhooks']['list']['items'][number];
export type WebhookDelivery = RouterOutputs['webhooks']['deliveries']['items'][number];

/** Words for people beside the event names, which receivers see in each delivery. */
export const eventLabels: Record<WebhookEventName, string> = {
  'maintenance/request.created': 'Request created',
  'maintenance/request.status-changed': 'Stage changed',
  'maintenance/request.assigned': 'Technician assigned',
};

/** Whether deliveries go out, and if not, who stopped them: an admin, or the failures that disabled it. */
export function endpointState(endpoint: WebhookEndpoint): string {
  if (endpoint.active) return 'Active';
  if (endpoint.disabled?.by === 'failures') return `Disabled after failures: ${endpoint.disabled.reason}`;
  return 'Paused';
}

import { outboxRef } from '@fixstream/run-storage';

/** How owed-event refs name a webhook message (`webhook_messages`), whose outbox holds its delivery event. */
export const webhookMessageAggregateName = 'webhook-message';

/** `<source event id>:<endpoint id>`: one message per event and endpoint. */
export function webhookMessageId(sourceEventId: string, endpointId: string): string {
  return `${sourceEventId}:${endpointId}`;
}

/** The ref of a webhook message's outbox (`webhook-message:<id>`). */
export function webhookMessageOutboxRef(messageId: string): string {
  return outboxRef(webhookMessageAggregateName, messageId);
}

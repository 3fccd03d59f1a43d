import { outboxRef } from '@fixstream/run-storage';

/** How owed-event refs name a maintenance request: requests are the domain's one aggregate with an outbox. */
export const requestAggregateName = 'request';

/** The ref of a request's outbox (`request:<id>`), as the outbox's verbs take it. */
export function requestOutboxRef(requestId: string): string {
  return outboxRef(requestAggregateName, requestId);
}

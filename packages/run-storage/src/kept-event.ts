import { type EventEnvelope, redactSecrets } from '@fixstream/events';
import { isEnvelope } from './ops/envelope.ts';

/** An event as the ledger keeps it beside a result and shows it to operators: the envelope, secrets redacted. */
export type KeptEvent = Pick<EventEnvelope, 'id' | 'name' | 'version' | 'occurredAt' | 'data'>;

/**
 * The kept copy of a stored event (`redactSecrets` over its data; the trace context left out, which is no part
 * of the payload); null for what is no envelope (a run recorded dead keeps its raw fields on its own document).
 * A copy is for reading only: a replay publishes the event from its run's document or its outbox, never this.
 */
export function keptEvent(event: unknown): KeptEvent | null {
  if (!isEnvelope(event)) return null;
  const { id, name, version, occurredAt, data } = event;
  return { id, name, version, occurredAt, data: redactSecrets(data) };
}

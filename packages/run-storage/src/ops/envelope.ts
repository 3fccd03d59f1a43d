import type { EventEnvelope } from '@fixstream/events';

/**
 * Whether a stored event can be published again as it is. A run recorded dead because its event failed the
 * schema keeps the raw decoded fields, which may lack parts of the envelope.
 */
export function isEnvelope(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event.id === 'string' &&
    event.id.length > 0 &&
    typeof event.name === 'string' &&
    event.name.length > 0 &&
    typeof event.version === 'number' &&
    typeof event.occurredAt === 'string' &&
    'data' in event
  );
}

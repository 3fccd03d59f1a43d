import type { EventEnvelope } from './event.ts';

/**
 * Stream entries keep the envelope's fields as separate entry fields, so `XRANGE` in redis-cli shows them
 * readably; only `data` is JSON. A copy of an event published again (by the relay or an operator) carries
 * `republished 1`: another entry of the same event may exist, so its run is checked against the ledger first. An
 * entry that wakes a sleeping run carries `wake <function id>` too: only that function's group runs it. The trace
 * fields (`traceparent`, `tracestate`) follow `data` when the event has them; decoding keeps any field it does not
 * know, and the envelope schema decides.
 */
export function encodeEvent(
  event: EventEnvelope,
  options: { republished?: boolean; wake?: string } = {},
): string[] {
  return [
    ...(options.republished ? ['republished', '1'] : []),
    ...(options.wake ? ['wake', options.wake] : []),
    'id',
    event.id,
    'name',
    event.name,
    'version',
    String(event.version),
    'occurredAt',
    event.occurredAt,
    'data',
    JSON.stringify(event.data),
    ...(event.traceparent ? ['traceparent', event.traceparent] : []),
    ...(event.tracestate ? ['tracestate', event.tracestate] : []),
  ];
}

/** What a stream entry decoded to. Not yet validated: the consuming function's schema decides that. */
export type DecodedEntry =
  | { ok: true; event: Record<string, unknown>; republished: boolean; wake: string | null }
  | { ok: false; error: string };

export function decodeEntry(fields: readonly string[]): DecodedEntry {
  const event: Record<string, unknown> = {};
  let republished = false;
  let wake: string | null = null;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const key = fields[i] as string;
    const value = fields[i + 1] as string;
    if (key === 'republished') republished = value === '1';
    else if (key === 'wake') wake = value;
    else if (key === 'version') event.version = Number(value);
    else if (key === 'data') {
      try {
        event.data = JSON.parse(value);
      } catch {
        return { ok: false, error: 'the data field is not valid JSON' };
      }
    } else event[key] = value;
  }
  return { ok: true, event, republished, wake };
}

import { z } from 'zod';

/** The parts of a W3C `traceparent` header (version 00): ids as lowercase hex. */
export interface Traceparent {
  traceId: string;
  spanId: string;
  /** 8 bits; bit 0 is "sampled". */
  traceFlags: number;
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const zeroTraceId = '0'.repeat(32);
const zeroSpanId = '0'.repeat(16);

/**
 * The W3C `traceparent` an event carries from the call that produced it
 * (https://www.w3.org/TR/trace-context/#traceparent-header): `00-<trace id>-<parent id>-<flags>`, lowercase hex,
 * neither id all zeros. Only version 00 is produced and accepted: it is the only one defined.
 */
export const traceparentSchema = z
  .string()
  .regex(traceparentPattern, 'must be a W3C traceparent: 00-<32 hex>-<16 hex>-<2 hex>, lowercase')
  .refine((value) => value.slice(3, 35) !== zeroTraceId, 'the trace id must not be all zeros')
  .refine((value) => value.slice(36, 52) !== zeroSpanId, 'the parent id must not be all zeros');

/**
 * The W3C `tracestate` that goes with it: vendor entries, opaque here, bounded as the specification bounds them
 * (at most 32 list members, 512 characters kept).
 */
export const tracestateSchema = z
  .string()
  .max(512)
  .regex(/^[\x20-\x7e]*$/, 'must be printable ASCII')
  .refine((value) => value.split(',').length <= 32, 'at most 32 list members');

/**
 * `traceparent` → its parts; null when it is not a valid one. The same checks as `traceparentSchema`, without zod:
 * the API parses and formats one on every traced call, and the schema's refinements cost more than the call's
 * span.
 */
export function parseTraceparent(value: string): Traceparent | null {
  const [, traceId, spanId, flags] = traceparentPattern.exec(value) ?? [];
  if (traceId === undefined || spanId === undefined || flags === undefined) return null;
  if (traceId === zeroTraceId || spanId === zeroSpanId) return null;
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16) };
}

/** The parts → `traceparent`; null for ids a valid header cannot carry (so callers never emit a bad one). */
export function formatTraceparent(parts: Traceparent): string | null {
  const flags = (parts.traceFlags & 0xff).toString(16).padStart(2, '0');
  const value = `00-${parts.traceId}-${parts.spanId}-${flags}`;
  return parseTraceparent(value) === null ? null : value;
}

import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent, traceparentSchema, tracestateSchema } from './traceparent.ts';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';

describe('traceparent', () => {
  it('parses the W3C example into its parts and formats them back', () => {
    const header = `00-${traceId}-${spanId}-01`;
    expect(parseTraceparent(header)).toEqual({ traceId, spanId, traceFlags: 1 });
    expect(formatTraceparent({ traceId, spanId, traceFlags: 1 })).toBe(header);
    expect(formatTraceparent({ traceId, spanId, traceFlags: 0 })).toBe(`00-${traceId}-${spanId}-00`);
  });

  it.each([
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${spanId}-01`],
    ['an all-zero parent id', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['another version', `01-${traceId}-${spanId}-01`],
    ['the invalid version ff', `ff-${traceId}-${spanId}-01`],
    ['uppercase hex', `00-${traceId.toUpperCase()}-${spanId}-01`],
    ['a short trace id', `00-${traceId.slice(1)}-${spanId}-01`],
    ['a long parent id', `00-${traceId}-${spanId}0-01`],
    ['one-digit flags', `00-${traceId}-${spanId}-1`],
    ['trailing data', `00-${traceId}-${spanId}-01-extra`],
    ['non-hex characters', `00-${traceId.slice(0, 31)}g-${spanId}-01`],
    ['an empty string', ''],
  ])('rejects %s', (_, header) => {
    expect(traceparentSchema.safeParse(header).success).toBe(false);
    expect(parseTraceparent(header)).toBeNull();
  });

  it('never formats ids a valid header cannot carry', () => {
    expect(formatTraceparent({ traceId: '0'.repeat(32), spanId, traceFlags: 1 })).toBeNull();
    expect(formatTraceparent({ traceId, spanId: '0'.repeat(16), traceFlags: 1 })).toBeNull();
    expect(formatTraceparent({ traceId: 'xyz', spanId, traceFlags: 1 })).toBeNull();
  });

  it('accepts a tracestate of vendor entries and bounds it', () => {
    expect(tracestateSchema.safeParse('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7').success).toBe(true);
    expect(tracestateSchema.safeParse('a=1\n').success).toBe(false);
    expect(tracestateSchema.safeParse('x'.repeat(513)).success).toBe(false);
    expect(
      tracestateSchema.safeParse(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')).success,
    ).toBe(false);
  });
});

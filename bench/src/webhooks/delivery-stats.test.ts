import { describe, expect, it } from 'vitest';
import { deliveryStats, sourceEventIdOf } from './delivery-stats.ts';

describe('deliveryStats', () => {
  it('counts deliveries per second up to the last arrival and takes latency from hand-over', () => {
    const arrivals = Array.from({ length: 100 }, (_, i) => ({
      sentAt: 1_000,
      receivedAt: 1_000 + (i + 1) * 10,
    }));
    expect(deliveryStats(1_000, arrivals)).toEqual({ throughputRps: 100, p50Ms: 500, p99Ms: 990 });
  });

  it('answers NaN for a round where nothing arrived', () => {
    expect(deliveryStats(0, []).throughputRps).toBeNaN();
  });
});

describe('sourceEventIdOf', () => {
  it('drops the endpoint id fixstream appends to the source event id', () => {
    expect(sourceEventIdOf('evt_01J_665f1c2ab3e4d5f6a7b8c9d0')).toBe('evt_01J');
    expect(sourceEventIdOf('plain')).toBe('plain');
  });
});

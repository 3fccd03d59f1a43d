import { describe, expect, it } from 'vitest';
import { assertClusterReady, CLUSTER_SLOTS, slotRanges } from './redis-cluster-state.ts';

const info = (state: string, assigned: number, known: number) =>
  `cluster_state:${state}\r\ncluster_slots_assigned:${assigned}\r\ncluster_known_nodes:${known}\r\ncluster_size:3\r\n`;

describe('slotRanges', () => {
  it.each([1, 3, 5, 7])('covers every slot exactly once with %i masters', (masters) => {
    const ranges = slotRanges(masters);
    expect(ranges).toHaveLength(masters);
    expect(ranges[0]?.[0]).toBe(0);
    expect(ranges.at(-1)?.[1]).toBe(CLUSTER_SLOTS - 1);
    ranges.slice(1).forEach(([first], index) => {
      expect(first).toBe((ranges[index]?.[1] ?? Number.NaN) + 1);
    });
  });
});

describe('assertClusterReady', () => {
  it('accepts a serving cluster that knows exactly the expected nodes', () => {
    expect(() => assertClusterReady(info('ok', CLUSTER_SLOTS, 3), 3)).not.toThrow();
  });

  it('says what is missing otherwise', () => {
    expect(() => assertClusterReady(info('fail', 10_923, 2), 3)).toThrow(
      'cluster_state:fail, 10923 of 16384 slots assigned, 2 of 3 nodes known',
    );
    expect(() => assertClusterReady(info('ok', CLUSTER_SLOTS, 4), 3)).toThrow('4 of 3 nodes known');
  });
});

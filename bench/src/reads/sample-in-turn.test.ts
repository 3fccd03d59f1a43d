import { describe, expect, it } from 'vitest';
import { sampleInTurn } from './sample-in-turn.ts';

/** Calls that take a fixed time on a fake clock (and as long to prepare, if given), logging what ran in order. */
function fakeCalls(costs: Record<string, number>, prepareCosts: Record<string, number> = {}) {
  let time = 0;
  const order: string[] = [];
  const calls = Object.entries(costs).map(([name, cost]) => {
    const prepareCost = prepareCosts[name];
    const call = async () => {
      order.push(name);
      time += cost;
    };
    if (prepareCost === undefined) return { name, call };
    const prepare = async () => {
      order.push(`prepare ${name}`);
      time += prepareCost;
    };
    return { name, call, prepare };
  });
  return { calls, order, clock: () => time };
}

describe('sampleInTurn', () => {
  it('warms up untimed, then times each call in turn', async () => {
    const { calls, order, clock } = fakeCalls({ a: 1, b: 5 });
    const samples = await sampleInTurn(calls, { warmup: 2, samples: 3 }, clock);
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(samples.get('a')).toEqual([1, 1, 1]);
    expect(samples.get('b')).toEqual([5, 5, 5]);
  });

  it('stops timing a call that used up its budget once it has its minimum, and goes on with the others', async () => {
    const { calls, clock } = fakeCalls({ fast: 1, slow: 100 });
    const samples = await sampleInTurn(
      calls,
      { warmup: 0, samples: 10, budgetMs: 150, minSamples: 3 },
      clock,
    );
    expect(samples.get('slow')).toHaveLength(3);
    expect(samples.get('fast')).toHaveLength(10);
  });

  it('prepares each call right before it, untimed, but counts the preparing against the budget', async () => {
    const { calls, order, clock } = fakeCalls({ cached: 1, plain: 1 }, { cached: 100 });
    const samples = await sampleInTurn(calls, { warmup: 1, samples: 3, budgetMs: 50 }, clock);
    expect(samples.get('cached')).toEqual([1]);
    expect(samples.get('plain')).toEqual([1, 1, 1]);
    expect(order.slice(0, 5)).toEqual(['prepare cached', 'cached', 'plain', 'prepare cached', 'cached']);
  });
});

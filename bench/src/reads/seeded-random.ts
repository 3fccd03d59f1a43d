/** A reproducible stream of random numbers: the same seed fills the same database, run after run. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** One of the keys, with the probability of its weight among all weights. */
  weighted<K extends string | number>(weights: readonly (readonly [K, number])[]): K;
  /** A uniform 32-bit unsigned integer, for id bytes. */
  uint32(): number;
}

/** mulberry32: small, fast and good enough for test data (not for anything secret). */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const uint32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = () => uint32() / 2 ** 32;
  return {
    next,
    uint32,
    int: (n) => Math.floor(next() * n),
    between: (min, max) => min + next() * (max - min),
    pick(items) {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(weights) {
      const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
      let left = next() * total;
      for (const [key, weight] of weights) {
        left -= weight;
        if (left < 0) return key;
      }
      return (weights.at(-1) as (typeof weights)[number])[0];
    },
  };
}

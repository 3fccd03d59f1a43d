/** A call whose latency is sampled, under the name its samples are reported by. */
export interface TimedCall {
  name: string;
  call(): Promise<unknown>;
  /** Runs untimed before each call (warm-up calls too), to put the server in the state the call is about. */
  prepare?(): Promise<unknown>;
}

export interface SampleOptions {
  /** Untimed calls of each, first (connections, caches, JIT). */
  warmup: number;
  /** Timed calls of each. */
  samples: number;
  /**
   * Stop timing a call once the time spent on it (its timed calls and what it prepares) adds up to this many
   * milliseconds and it has `minSamples`, so a shape that takes seconds a call cannot hold the run for an hour.
   * Unlimited when absent.
   */
  budgetMs?: number;
  minSamples?: number;
}

/**
 * Times the calls one at a time, taking turns (a, b, c, a, b, c …), so a slow minute of a noisy machine lands on
 * every call alike instead of on whichever ran then. Returns each call's latencies in milliseconds.
 */
export async function sampleInTurn(
  calls: readonly TimedCall[],
  opts: SampleOptions,
  clock: () => number = () => performance.now(),
): Promise<Map<string, number[]>> {
  for (let round = 0; round < opts.warmup; round++)
    for (const { call, prepare } of calls) {
      await prepare?.();
      await call();
    }
  const samples = new Map(calls.map(({ name }) => [name, [] as number[]]));
  const spentMs = new Map(calls.map(({ name }) => [name, 0]));
  const minSamples = opts.minSamples ?? 1;
  let active = [...calls];
  while (active.length > 0) {
    for (const { name, call, prepare } of active) {
      const preparing = clock();
      await prepare?.();
      const started = clock();
      await call();
      const ended = clock();
      samples.get(name)?.push(ended - started);
      spentMs.set(name, (spentMs.get(name) ?? 0) + (ended - preparing));
    }
    active = active.filter(({ name }) => {
      const taken = samples.get(name)?.length ?? 0;
      const overBudget = (spentMs.get(name) ?? 0) >= (opts.budgetMs ?? Number.POSITIVE_INFINITY);
      return taken < opts.samples && !(overBudget && taken >= minSamples);
    });
  }
  return samples;
}

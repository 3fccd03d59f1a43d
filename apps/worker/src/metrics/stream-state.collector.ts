import {
  type FunctionDefinition,
  type RedisConnection,
  type StreamKeys,
  streamGroups,
  streamKeys,
  waitingWakeUps,
} from '@fixstream/events';
import type { WorkerMetrics } from './worker-metrics.registry.ts';

export interface StreamStateSource {
  redis: RedisConnection;
  prefix: string;
  /** The events whose streams this worker consumes; their groups are listed from Redis. */
  eventNames: readonly string[];
  /** A read taking longer is given up and the gauges left empty: a scrape must not hang on a stuck Redis. */
  timeoutMs: number;
}

interface GroupState {
  event: string;
  group: string;
  lag: number | null;
  pending: number;
  deadLetters: number;
}

interface StreamState {
  groups: GroupState[];
  timers: Map<string, number>;
}

/**
 * Reads the stream gauges (lag, pending, timers waiting, dead letters) from Redis, for a scrape only: nothing runs
 * between scrapes. The cost is bounded by the deployment (a few single-key commands per stream and group). One
 * read at a time: a scrape during a read that is still going waits for it instead of sending more commands to a
 * Redis that is slow to answer.
 */
export function streamStateCollector(source: StreamStateSource, metrics: WorkerMetrics): () => Promise<void> {
  const keys = streamKeys(source.prefix);
  let reading: Promise<StreamState> | null = null;
  return async () => {
    reading ??= readStreamState(source.redis, keys, source.eventNames).finally(() => {
      reading = null;
    });
    const state = await withinMs(reading, source.timeoutMs);
    for (const gauge of [
      metrics.streamLag,
      metrics.streamPending,
      metrics.timersWaiting,
      metrics.deadLetters,
    ])
      gauge.reset();
    metrics.streamStateUp.set(state ? 1 : 0);
    if (!state) return;
    for (const { event, group, lag, pending, deadLetters } of state.groups) {
      if (lag !== null) metrics.streamLag.set({ event, group }, lag);
      metrics.streamPending.set({ event, group }, pending);
      metrics.deadLetters.set({ function: group }, deadLetters);
    }
    for (const [event, waiting] of state.timers) metrics.timersWaiting.set({ event }, waiting);
  };
}

async function readStreamState(
  redis: RedisConnection,
  keys: StreamKeys,
  eventNames: readonly string[],
): Promise<StreamState> {
  const perEvent = await Promise.all(
    eventNames.map(async (event) => {
      const [groups, timers] = await Promise.all([
        streamGroups(redis, keys.stream(event)),
        waitingWakeUps(redis, keys, event),
      ]);
      const states = await Promise.all(
        groups.map(
          async (g): Promise<GroupState> => ({
            event,
            group: g.name,
            lag: g.lag,
            pending: g.pending,
            deadLetters: await redis.xlen(keys.deadLetters(g.name)),
          }),
        ),
      );
      return { event, timers, states };
    }),
  );
  return {
    groups: perEvent.flatMap((e) => e.states),
    timers: new Map(perEvent.map((e) => [e.event, e.timers])),
  };
}

/** The promise's value if it settles within `ms`; undefined if it fails or takes longer. */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The events whose streams a set of functions reads: their own, and those of their `cancelOn` rules. */
export function consumedEventNames(functions: readonly FunctionDefinition[]): string[] {
  return [
    ...new Set(
      functions.flatMap((fn) => [fn.event.name, ...(fn.cancelOn ?? []).map((rule) => rule.event.name)]),
    ),
  ];
}

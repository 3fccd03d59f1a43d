import { createPublisher, streamKeys } from '@fixstream/events';
import { Redis } from 'ioredis';
import type { NodeChild } from '../proc/node-child.ts';
import type { BenchContext } from '../run/bench-context.ts';
import { type MemoryFigures, sampleMemory } from './memory-samples.ts';
import { timerSet } from './timer-event.ts';
import { type LagSummary, lagSummary, spreadWakeTimes } from './timer-stats.ts';
import { startTimerWorkers } from './timer-workers.ts';

/** What the timers section measured (one round: 100,000 sleepers are not repeated three times). */
export interface TimersFigures extends LagSummary, MemoryFigures {
  workers: number;
  /** Runs in flight per worker process. */
  concurrency: number;
  windowMs: number;
  /** From the first publish until every run sleeps (its wake-up in the timers zset). */
  schedulingMs: number;
  /** Wake-ups that came due before every run was asleep: their lag includes the scheduling, not only the pump. */
  dueBeforeAllAsleep: number;
}

const publishBatch = 1_000;

/**
 * N runs that each sleep until a time spread evenly over the window, on real worker processes with the MongoDB
 * ledger; each records how late it woke. The window starts `leadMs` after the first publish, which the plan sizes
 * so every run is asleep by then (`dueBeforeAllAsleep` says when it was not).
 */
export async function runTimersBench(ctx: BenchContext): Promise<TimersFigures> {
  const { runs, windowMs, leadMs, workers, concurrency } = ctx.plan.timers;
  const stamp = Date.now();
  const prefix = `bench:timers:${stamp}:`;
  const resultsKey = `${prefix}bench-lags`;
  const redis = new Redis(ctx.services.redisUrl, { maxRetriesPerRequest: null });
  const consumers = Array.from({ length: workers }, (_, i) => `timers-worker-${i + 1}`);
  let children: NodeChild[] = [];
  try {
    children = await startTimerWorkers(ctx, consumers, {
      redisUrl: ctx.services.redisUrl,
      mongoUri: ctx.services.databaseUri(`bench-timers-${stamp}`),
      prefix,
      mode: 'sleep',
      resultsKey,
      concurrency,
    });
    for (const child of children) ctx.rss.watch('worker', child.pid);
    const memory = sampleMemory(
      redis,
      children.map((child) => child.pid),
    );
    const started = Date.now();
    const wakeTimes = spreadWakeTimes(runs, started + leadMs, windowMs);
    const publisher = createPublisher({ redis, prefix });
    for (let from = 0; from < runs; from += publishBatch) {
      const batch = wakeTimes
        .slice(from, from + publishBatch)
        .map((at, i) => timerSet.create({ n: from + i, at }));
      await publisher.publishMany(batch);
    }
    const timers = streamKeys(prefix).timers(timerSet.name);
    let lastLog = Date.now();
    await waitUntil(
      async () => {
        const asleep = (await redis.zcard(timers)) + (await redis.llen(resultsKey));
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          ctx.log(`timers: ${asleep} of ${runs} runs asleep or woken`);
        }
        return asleep >= runs;
      },
      leadMs + windowMs + 600_000,
    );
    const schedulingMs = Date.now() - started;
    const asleepAt = Date.now();
    ctx.log(`timers: ${runs} runs asleep ${(schedulingMs / 1000).toFixed(1)} s after the first publish`);
    const lastWake = wakeTimes.at(-1) ?? asleepAt;
    // Past the last wake-up, wait as long as runs keep resuming: a backlog drains slowly but is not a failure.
    let fired = 0;
    let progressAt = Date.now();
    await waitUntil(async () => {
      const now = await redis.llen(resultsKey);
      if (now > fired) [fired, progressAt] = [now, Date.now()];
      if (Date.now() > lastWake && Date.now() - progressAt > 60_000) return true;
      return now >= runs;
    }, Number.POSITIVE_INFINITY);
    // Late duplicates would land within a pump pass or two; leave them the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const memoryFigures = await memory.stop();
    const summary = lagSummary(await redis.lrange(resultsKey, 0, -1), runs);
    ctx.log(
      `timers: ${summary.fired}/${runs} fired (${summary.duplicates} twice), lag p50 ${summary.lagP50Ms} ms, p99 ${summary.lagP99Ms} ms, max ${summary.lagMaxMs} ms; worker RSS ${memoryFigures.workerRssStartMb.toFixed(0)} → ${memoryFigures.workerRssPeakMb.toFixed(0)} → ${memoryFigures.workerRssEndMb.toFixed(0)} MiB, Redis ${memoryFigures.redisStartMb.toFixed(0)} → ${memoryFigures.redisPeakMb.toFixed(0)} → ${memoryFigures.redisEndMb.toFixed(0)} MiB`,
    );
    return {
      ...summary,
      ...memoryFigures,
      workers,
      concurrency,
      windowMs,
      schedulingMs,
      dueBeforeAllAsleep: wakeTimes.filter((at) => at < asleepAt).length,
    };
  } finally {
    for (const child of children) await ctx.rss.release(child.pid);
    await Promise.all(children.map((child) => child.stop()));
    redis.disconnect();
  }
}

/** Polls `done` every 100 ms; throws once `timeoutMs` has passed without it. */
export async function waitUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

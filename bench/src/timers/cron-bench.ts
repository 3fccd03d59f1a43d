import { Redis } from 'ioredis';
import type { NodeChild } from '../proc/node-child.ts';
import type { BenchContext } from '../run/bench-context.ts';
import { type CronSummary, cronSummary } from './timer-stats.ts';
import { startTimerWorkers } from './timer-workers.ts';
import { waitUntil } from './timers-bench.ts';

/** What the cron section measured: one every-second schedule over K ticks on three worker processes. */
export interface CronFigures extends CronSummary {
  workers: number;
}

/**
 * Three worker processes with the worker's default timings and one `* * * * * *` function; the ticks counted are
 * the K whole seconds starting two seconds after every worker runs (so no tick is cut off by the start), and the
 * bench waits until each of them has run or 30 s past the last.
 */
export async function runCronBench(ctx: BenchContext): Promise<CronFigures> {
  const { ticks, workers } = ctx.plan.cron;
  const stamp = Date.now();
  const prefix = `bench:cron:${stamp}:`;
  const resultsKey = `${prefix}bench-ticks`;
  const redis = new Redis(ctx.services.redisUrl, { maxRetriesPerRequest: null });
  const consumers = Array.from({ length: workers }, (_, i) => `cron-worker-${i + 1}`);
  let children: NodeChild[] = [];
  try {
    children = await startTimerWorkers(ctx, consumers, {
      redisUrl: ctx.services.redisUrl,
      mongoUri: ctx.services.databaseUri(`bench-cron-${stamp}`),
      prefix,
      mode: 'cron',
      cron: '* * * * * *',
      resultsKey,
    });
    for (const child of children) ctx.rss.watch('worker', child.pid);
    const fromMs = Math.ceil(Date.now() / 1000) * 1000 + 2_000;
    const window = { fromMs, toMs: fromMs + (ticks - 1) * 1000 };
    const summarize = async () => cronSummary(await redis.lrange(resultsKey, 0, -1), window, consumers);
    await waitUntil(async () => (await summarize()).ticks >= ticks, window.toMs - Date.now() + 30_000).catch(
      () => ctx.log('cron: not every tick ran within 30 s of the last'),
    );
    // A tick run twice would show within a relay pass or two of the last one.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const summary = await summarize();
    ctx.log(
      `cron: ${summary.ticks}/${summary.expected} ticks ran (${summary.duplicates} twice), delay p50 ${summary.delayP50Ms} ms, p99 ${summary.delayP99Ms} ms, per worker ${JSON.stringify(summary.perWorker)}`,
    );
    return { ...summary, workers };
  } finally {
    for (const child of children) await ctx.rss.release(child.pid);
    await Promise.all(children.map((child) => child.stop()));
    redis.disconnect();
  }
}

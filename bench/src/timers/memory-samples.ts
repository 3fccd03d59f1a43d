import type { Redis } from 'ioredis';
import { readRss } from '../proc/peak-rss.ts';
import { startPeakEnd } from './timer-stats.ts';

/** Start, peak and end of the worker processes' RSS (the highest of them at each point) and Redis' used_memory. */
export interface MemoryFigures {
  workerRssStartMb: number;
  workerRssPeakMb: number;
  workerRssEndMb: number;
  redisStartMb: number;
  redisPeakMb: number;
  redisEndMb: number;
  samples: number;
}

/**
 * Samples every `intervalMs` until stopped: the RSS of each watched process and Redis' `used_memory` (INFO), so a
 * run that schedules many timers shows whether memory grows with them and comes back once they have fired.
 */
export function sampleMemory(redis: Redis, pids: readonly number[], intervalMs = 500) {
  const rss: number[] = [];
  const redisMb: number[] = [];
  let pending: Promise<void> = Promise.resolve();
  const sample = async () => {
    const readings = await Promise.all(pids.map((pid) => readRss(pid)));
    rss.push(Math.max(...readings.map((r) => r?.rssMb ?? 0)));
    const info = await redis.info('memory');
    redisMb.push(Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN) / 1024 / 1024);
  };
  const timer = setInterval(() => {
    pending = pending.then(sample).catch(() => {});
  }, intervalMs);
  pending = sample();
  return {
    async stop(): Promise<MemoryFigures> {
      clearInterval(timer);
      await pending;
      await sample();
      const w = startPeakEnd(rss);
      const r = startPeakEnd(redisMb);
      return {
        workerRssStartMb: w.startMb,
        workerRssPeakMb: w.peakMb,
        workerRssEndMb: w.endMb,
        redisStartMb: r.startMb,
        redisPeakMb: r.peakMb,
        redisEndMb: r.endMb,
        samples: rss.length,
      };
    },
  };
}

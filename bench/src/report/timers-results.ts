import type { Figure } from '../stats/figure.ts';
import { figureOf } from '../stats/figure.ts';
import type { CronFigures } from '../timers/cron-bench.ts';
import type { TimersFigures } from '../timers/timers-bench.ts';

type Put = (path: string, figure: Figure | undefined) => void;
type Set = (path: string, value: unknown) => void;

/** The timers and cron sections into the results file: one round each, so each figure is a single run. */
export function putTimersFigures(
  timers: TimersFigures | undefined,
  cron: CronFigures | undefined,
  put: Put,
  set: Set,
) {
  const one = (path: string, value: number, unit: string) =>
    Number.isFinite(value) ? put(path, figureOf([value], unit)) : set(path, null);
  if (timers) {
    set('timers.workers', timers.workers);
    set('timers.windowMs', timers.windowMs);
    set('timers.concurrency', timers.concurrency);
    one('timers.scheduled', timers.scheduled, 'runs');
    one('timers.fired', timers.fired, 'runs');
    one('timers.duplicates', timers.duplicates, 'runs');
    one('timers.missing', timers.missing, 'runs');
    one('timers.dueBeforeAllAsleep', timers.dueBeforeAllAsleep, 'runs');
    one('timers.schedulingS', timers.schedulingMs / 1000, 's');
    one('timers.lagP50Ms', timers.lagP50Ms, 'ms');
    one('timers.lagP99Ms', timers.lagP99Ms, 'ms');
    one('timers.lagMaxMs', timers.lagMaxMs, 'ms');
    one('timers.workerRssStartMb', timers.workerRssStartMb, 'MiB');
    one('timers.workerRssPeakMb', timers.workerRssPeakMb, 'MiB');
    one('timers.workerRssEndMb', timers.workerRssEndMb, 'MiB');
    one('timers.redisStartMb', timers.redisStartMb, 'MiB');
    one('timers.redisPeakMb', timers.redisPeakMb, 'MiB');
    one('timers.redisEndMb', timers.redisEndMb, 'MiB');
  }
  if (cron) {
    set('cron.workers', cron.workers);
    one('cron.expected', cron.expected, 'ticks');
    one('cron.ticks', cron.ticks, 'ticks');
    one('cron.duplicates', cron.duplicates, 'ticks');
    one('cron.delayP50Ms', cron.delayP50Ms, 'ms');
    one('cron.delayP99Ms', cron.delayP99Ms, 'ms');
    for (const [worker, runs] of Object.entries(cron.perWorker)) set(`cron.perWorker.${worker}`, runs);
  }
}

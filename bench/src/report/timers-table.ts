import type { BenchResults } from './bench-results.ts';
import { getPath } from './bench-results.ts';

const show = (results: BenchResults, path: string, digits = 0) => {
  const value = getPath(results, path);
  return typeof value === 'number' ? value.toFixed(digits) : '—';
};

/** The timers and cron sections of latest.md; nothing when neither ran. */
export function timersMarkdown(results: BenchResults): string[] {
  const lines: string[] = [];
  const v = (path: string, digits = 0) => show(results, path, digits);
  if (getPath(results, 'timers') !== undefined) {
    lines.push(
      '## Timers: `step.sleepUntil` wake-up lag',
      '',
      `${v('timers.scheduled')} runs, published in batches of 1,000, each sleeping until a time spread evenly over ${v('timers.windowMs')} ms, on ${v('timers.workers')} worker processes with ${v('timers.concurrency')} runs in flight each (MongoDB ledger, default timings); each records \`Date.now() - at\` when it resumes. Target: p99 ≤ 1 s. What bounds the lag: the pump's 100 ms interval, then the wake-up's run waiting its turn behind the others due in the same second; the runs resumed together share their ledger reads and writes on FerretDB, so runs in flight per process set how many share them, and the 2 shared cores are the limit at high wake-up rates. One round.`,
      '',
      '| | |',
      '| --- | --- |',
      `| fired / scheduled (each once) | ${v('timers.fired')} / ${v('timers.scheduled')} (${v('timers.duplicates')} twice, ${v('timers.missing')} missing) |`,
      `| seconds to get every run asleep (publish → wake-up in the timers zset) | ${v('timers.schedulingS', 1)} (${v('timers.dueBeforeAllAsleep')} wake-ups came due before that) |`,
      `| lag p50 / p99 / max ms | ${v('timers.lagP50Ms')} / ${v('timers.lagP99Ms')} / ${v('timers.lagMaxMs')} |`,
      `| worker RSS MiB (highest process) start → peak → end | ${v('timers.workerRssStartMb')} → ${v('timers.workerRssPeakMb')} → ${v('timers.workerRssEndMb')} |`,
      `| Redis used_memory MiB start → peak → end | ${v('timers.redisStartMb', 1)} → ${v('timers.redisPeakMb', 1)} → ${v('timers.redisEndMb', 1)} |`,
      '',
    );
  }
  if (getPath(results, 'cron') !== undefined) {
    const perWorker = getPath(results, 'cron.perWorker');
    const spread =
      typeof perWorker === 'object' && perWorker !== null
        ? Object.entries(perWorker)
            .map(([worker, runs]) => `${worker} ${String(runs)}`)
            .join(', ')
        : '—';
    lines.push(
      '## Cron: an every-second schedule on 3 workers',
      '',
      `\`* * * * * *\` on ${v('cron.workers')} worker processes with default timings: the relay lease holder fires each tick, any worker runs it. Delay: from the tick's time to its run's start; bounded by the pass of the leader duties that fires ticks (every 1 s by default). One round.`,
      '',
      '| | |',
      '| --- | --- |',
      `| ticks run / expected (each once) | ${v('cron.ticks')} / ${v('cron.expected')} (${v('cron.duplicates')} twice) |`,
      `| delay p50 / p99 ms | ${v('cron.delayP50Ms')} / ${v('cron.delayP99Ms')} |`,
      `| runs per worker | ${spread} |`,
      '',
    );
  }
  return lines;
}

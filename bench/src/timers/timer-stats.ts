import { percentile } from '../stats/percentiles.ts';

/** Wake times spread evenly over `windowMs` from `startMs`: run i wakes at start + i·window/count. */
export function spreadWakeTimes(count: number, startMs: number, windowMs: number): number[] {
  return Array.from({ length: count }, (_, i) => startMs + Math.floor((i * windowMs) / count));
}

/** What the sleepers reported: how many of the scheduled fired, how many twice, and their lag. */
export interface LagSummary {
  scheduled: number;
  fired: number;
  duplicates: number;
  missing: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

/** Reads the `"<n> <lag ms>"` lines the sleepers appended; a run seen twice counts once for lag and as a duplicate. */
export function lagSummary(lines: readonly string[], scheduled: number): LagSummary {
  const lags = new Map<number, number>();
  let duplicates = 0;
  for (const line of lines) {
    const [n, lag] = line.split(' ').map(Number) as [number, number];
    if (lags.has(n)) duplicates++;
    else lags.set(n, lag);
  }
  const values = [...lags.values()];
  return {
    scheduled,
    fired: lags.size,
    duplicates,
    missing: scheduled - lags.size,
    lagP50Ms: percentile(values, 50),
    lagP99Ms: percentile(values, 99),
    lagMaxMs: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** What the cron runs reported: ticks run, ticks run twice, the delay from tick to run start, runs per worker. */
export interface CronSummary {
  expected: number;
  ticks: number;
  duplicates: number;
  delayP50Ms: number;
  delayP99Ms: number;
  perWorker: Record<string, number>;
}

/**
 * Reads the `"<tick epoch ms> <run start epoch ms> <consumer>"` lines of the cron runs, counting only the ticks in
 * `[fromMs, toMs]` (the ones the bench waited for; earlier and later ticks may be cut off by the start and stop).
 */
export function cronSummary(
  lines: readonly string[],
  window: { fromMs: number; toMs: number },
  workers: readonly string[],
): CronSummary {
  const seen = new Map<number, number>();
  const perWorker: Record<string, number> = Object.fromEntries(workers.map((w) => [w, 0]));
  let duplicates = 0;
  for (const line of lines) {
    const [tick, started, consumer] = line.split(' ') as [string, string, string];
    const tickMs = Number(tick);
    if (tickMs < window.fromMs || tickMs > window.toMs) continue;
    if (seen.has(tickMs)) {
      duplicates++;
      continue;
    }
    seen.set(tickMs, Number(started) - tickMs);
    perWorker[consumer] = (perWorker[consumer] ?? 0) + 1;
  }
  const delays = [...seen.values()];
  return {
    expected: Math.floor((window.toMs - window.fromMs) / 1000) + 1,
    ticks: seen.size,
    duplicates,
    delayP50Ms: percentile(delays, 50),
    delayP99Ms: percentile(delays, 99),
    perWorker,
  };
}

/** First, highest and last of a series of memory samples (MiB), so "flat" can be judged at a glance. */
export function startPeakEnd(samples: readonly number[]): { startMb: number; peakMb: number; endMb: number } {
  if (samples.length === 0) return { startMb: Number.NaN, peakMb: Number.NaN, endMb: Number.NaN };
  return {
    startMb: samples[0] as number,
    peakMb: Math.max(...samples),
    endMb: samples.at(-1) as number,
  };
}

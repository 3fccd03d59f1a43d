import { type ResultDocument, resultsByCompany } from '../collections/function-run-results.ts';
import { indexedDates } from '../indexed-dates.ts';
import { recordedFunctions } from '../ledger/function-directory.ts';
import { countByIndex } from '../mongo-helpers.ts';
import type { RunStorage } from '../run-storage.ts';

/** How one function did for one company within a window. */
export interface FunctionStats {
  functionId: string;
  succeeded: number;
  dead: number;
  cancelled: number;
  /** Runs finished per minute over the window (succeeded, dead and cancelled). */
  runsPerMinute: number;
  /** Dead among the runs that ran to an outcome (succeeded or dead); null when none did. */
  failureRate: number | null;
  /** Duration percentiles of the newest `sampled` succeeded and dead runs' last attempts; null without runs. */
  p50DurationMs: number | null;
  p99DurationMs: number | null;
  sampled: number;
}

export interface FunctionStatsQuery {
  companyId: string;
  from: Date;
  until: Date;
  /** At most this many durations per function and outcome are read for the percentiles. */
  sampleCap: number;
}

/**
 * Per function the company has runs of in the window: counts by outcome (the `count` command over the index
 * `{companyId, functionId, status, finishedAt}`) and duration percentiles from the newest runs, at most
 * `sampleCap` per outcome, so a busy hour never reads more than that. Functions without runs in the window are
 * left out.
 */
export async function functionStats(
  storage: RunStorage,
  query: FunctionStatsQuery,
): Promise<FunctionStats[]> {
  const functionIds = await recordedFunctions(storage);
  const minutes = Math.max(1, (query.until.getTime() - query.from.getTime()) / 60_000);
  const stats = await Promise.all(
    functionIds.map(async (functionId): Promise<FunctionStats> => {
      const range = (status: ResultDocument['status']) => ({
        companyId: query.companyId,
        functionId,
        status,
        finishedAt: indexedDates({ from: query.from, until: query.until }),
      });
      const count = (status: ResultDocument['status']) =>
        countByIndex(storage.db, storage.results, range(status), resultsByCompany);
      const durations = async (status: ResultDocument['status']) =>
        (
          await storage.results
            .find(range(status), { projection: { durationMs: 1 }, hint: resultsByCompany })
            .sort({ finishedAt: -1 })
            .limit(query.sampleCap)
            .toArray()
        ).map((doc) => doc.durationMs);
      const [succeeded, dead, cancelled, okDurations, deadDurations] = await Promise.all([
        count('succeeded'),
        count('dead'),
        count('cancelled'),
        durations('succeeded'),
        durations('dead'),
      ]);
      const sample = [...okDurations, ...deadDurations].sort((a, b) => a - b);
      const ran = succeeded + dead;
      return {
        functionId,
        succeeded,
        dead,
        cancelled,
        runsPerMinute: (ran + cancelled) / minutes,
        failureRate: ran === 0 ? null : dead / ran,
        p50DurationMs: percentile(sample, 0.5),
        p99DurationMs: percentile(sample, 0.99),
        sampled: sample.length,
      };
    }),
  );
  return stats.filter((s) => s.succeeded + s.dead + s.cancelled > 0);
}

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? null;
}

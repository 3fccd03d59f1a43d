import type { Database } from '@fixstream/db';
import { type JobAnswer, type JobInputs, type JobQuery, jobQueries } from './job-queries.ts';
import { type SampleOptions, sampleInTurn } from './sample-in-turn.ts';
import { type ShapeLatency, shapeLatency } from './shape-latency.ts';

/**
 * How the job queries are sampled beside the list shapes. A job query returns every row it finds, not a page,
 * and the overdue one reads every open request created before its cutoff: about 40,000 across the ten companies
 * of the last step, about ten seconds a call on FerretDB at the 0.25 ms per open request measured at 10,000 and
 * 30,000. The list shapes' 20 warm-up calls and 200 samples would hold the run for an hour, so: at most
 * `jobWarmup` warm-up calls, and each query stops being timed once it has spent `jobBudgetMs` and has
 * `jobMinSamples`. Anything below a second a call still gets a hundred samples or more.
 */
export const jobWarmup = 3;
export const jobBudgetMs = 120_000;
export const jobMinSamples = 10;

/** The list shapes' sampling, with the job queries' warm-up cap and time budget (or the plan's own, if smaller). */
export function jobSampling(options: SampleOptions): SampleOptions {
  return {
    ...options,
    warmup: Math.min(options.warmup, jobWarmup),
    budgetMs: Math.min(options.budgetMs ?? Number.POSITIVE_INFINITY, jobBudgetMs),
    minSamples: Math.max(options.minSamples ?? 1, jobMinSamples),
  };
}

/** Each job query's latency by name, and what its first call found. */
export interface JobsMeasured {
  latencies: Record<string, ShapeLatency>;
  answers: Record<string, JobAnswer>;
}

/**
 * Calls every job query once, untimed, to learn what it finds (the log and results say how much work each
 * had), then times them against `db` in turn as the list shapes are timed: warm-up, then the samples pooled
 * into p50 and p99 (`shapeLatency`).
 */
export async function measureJobs(
  db: Database,
  inputs: JobInputs,
  options: SampleOptions,
  queries: readonly JobQuery[] = jobQueries,
): Promise<JobsMeasured> {
  const answers: Record<string, JobAnswer> = {};
  for (const query of queries) answers[query.name] = await query.run(db, inputs);
  const samples = await sampleInTurn(
    queries.map((query) => ({ name: query.name, call: () => query.run(db, inputs) })),
    jobSampling(options),
  );
  const latencies = Object.fromEntries([...samples].map(([name, taken]) => [name, shapeLatency(taken)]));
  return { latencies, answers };
}

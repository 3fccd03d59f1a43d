import type { Database } from '@fixstream/db';
import { describe, expect, it } from 'vitest';
import type { JobInputs, JobQuery } from './job-queries.ts';
import { jobBudgetMs, jobMinSamples, jobSampling, jobWarmup, measureJobs } from './measure-jobs.ts';

const db = {} as Database;
const inputs: JobInputs = { now: new Date('2026-03-01T12:00:00Z'), companyId: 'c0' };

/** Job queries that answer at once, logging each call's inputs. */
function fakeQueries(rows: Record<string, number>) {
  const calls: string[] = [];
  const queries: JobQuery[] = Object.entries(rows).map(([name, n]) => ({
    name,
    label: name,
    run: async (given, at) => {
      expect(given).toBe(db);
      expect(at).toBe(inputs);
      calls.push(name);
      return { rows: n, note: `${n} found` };
    },
  }));
  return { queries, calls };
}

describe('jobSampling', () => {
  it("keeps the list shapes' samples, with the job queries' warm-up cap and budget", () => {
    expect(jobSampling({ warmup: 20, samples: 200 })).toEqual({
      warmup: jobWarmup,
      samples: 200,
      budgetMs: jobBudgetMs,
      minSamples: jobMinSamples,
    });
  });

  it("keeps a plan's own warm-up and budget when they are smaller", () => {
    const sampling = jobSampling({ warmup: 0, samples: 5, budgetMs: 2_000 });
    expect(sampling.warmup).toBe(0);
    expect(sampling.budgetMs).toBe(2_000);
  });
});

describe('measureJobs', () => {
  it('calls each query once for its answer, then warms up and times them in turn', async () => {
    const { queries, calls } = fakeQueries({ a: 3, b: 40 });
    const measured = await measureJobs(db, inputs, { warmup: 1, samples: 2 }, queries);
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(measured.answers).toEqual({ a: { rows: 3, note: '3 found' }, b: { rows: 40, note: '40 found' } });
    expect(Object.keys(measured.latencies)).toEqual(['a', 'b']);
    expect(measured.latencies.a?.samples).toBe(2);
    expect(measured.latencies.b?.p99Ms.unit).toBe('ms');
  });
});

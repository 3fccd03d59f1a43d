import { jobQueries } from '../reads/job-queries.ts';
import type { ReadsFigures, ShapeTable } from '../reads/reads-bench.ts';
import type { Figure } from '../stats/figure.ts';

/** The size whose default list and stats get keys of their own (`reads.list100k.p50Ms`): the largest of a full run. */
export const headlineSize = '100k';

/**
 * Puts the read figures at their paths: `reads.shapes.<shape>.<size>.p50Ms` (and `p99Ms`, `samples`) on the
 * bench's FerretDB, `reads.unpatched.<shape>.<size>.…` on FerretDB built without the index-pushdown patch, `reads.steps.<size>.…` for how each step
 * was filled, `reads.jobs.<query>.<size>.…` for the background jobs' queries (and `reads.jobRows.<query>.<size>`, the
 * rows each found), and the headline `reads.list100k.p50Ms`, `reads.list100k.p99Ms`, `reads.stats100k.p50Ms`,
 * `reads.jobs100k.maxP99Ms` (of the single queries, not of a job's whole sweep).
 */
export function putReadsFigures(
  reads: ReadsFigures,
  put: (path: string, figure: Figure | undefined) => void,
  set: (path: string, value: number) => void,
): void {
  for (const step of reads.steps) {
    set(`reads.steps.${step.size}.requests`, step.requests);
    set(`reads.steps.${step.size}.otherCompanies`, step.otherCompanies);
    set(`reads.steps.${step.size}.requestsInCollection`, step.requestsInCollection);
    set(`reads.steps.${step.size}.fillSec`, Math.round(step.fillSec * 10) / 10);
  }
  const table = (prefix: string, shapes: ShapeTable) => {
    for (const [shape, sizes] of Object.entries(shapes))
      for (const [size, latency] of Object.entries(sizes)) {
        put(`${prefix}.${shape}.${size}.p50Ms`, latency.p50Ms);
        put(`${prefix}.${shape}.${size}.p99Ms`, latency.p99Ms);
        set(`${prefix}.${shape}.${size}.samples`, latency.samples);
      }
  };
  table('reads.shapes', reads.shapes);
  if (reads.unpatched) table('reads.unpatched', reads.unpatched);
  table('reads.jobs', reads.jobs);
  for (const [query, sizes] of Object.entries(reads.jobRows))
    for (const [size, rows] of Object.entries(sizes)) set(`reads.jobRows.${query}.${size}`, rows);
  const list = reads.shapes.listDefault?.[headlineSize];
  put(`reads.list${headlineSize}.p50Ms`, list?.p50Ms);
  put(`reads.list${headlineSize}.p99Ms`, list?.p99Ms);
  put(`reads.stats${headlineSize}.p50Ms`, reads.shapes.stats?.[headlineSize]?.p50Ms);
  const sweeps = new Set(jobQueries.filter((query) => query.sweep).map((query) => query.name));
  const queries = Object.fromEntries(Object.entries(reads.jobs).filter(([name]) => !sweeps.has(name)));
  put(`reads.jobs${headlineSize}.maxP99Ms`, slowestP99(queries, headlineSize));
}

/**
 * The largest p99 among the shapes of `table` at `size`, or undefined when none was measured there: one number
 * that says whether any job query got slow, whichever it was.
 */
export function slowestP99(table: ShapeTable, size: string): Figure | undefined {
  let slowest: Figure | undefined;
  for (const sizes of Object.values(table)) {
    const p99 = sizes[size]?.p99Ms;
    if (p99 && (!slowest || p99.median > slowest.median)) slowest = p99;
  }
  return slowest;
}

import { createPasswordHasher, type Database } from '@fixstream/db';
import type { BenchContext } from '../run/bench-context.ts';
import { type CompanyHistory, openCompanyHistory } from './history-fill.ts';
import { measureJobs } from './measure-jobs.ts';
import { measureShapes, readsPassword } from './measure-shapes.ts';
import { type ReadShape, readShapes, searchesSubjects } from './read-shapes.ts';
import { openReadTargets } from './read-targets.ts';
import type { ShapeLatency } from './shape-latency.ts';
import { sizeKey } from './size-key.ts';

/** Latencies by shape name, then by size key (`1k`, `10k`, `100k`). */
export type ShapeTable = Record<string, Record<string, ShapeLatency>>;

/** How each step's database was filled. */
export interface ReadsStep {
  size: string;
  /** Requests of the measured company. */
  requests: number;
  otherCompanies: number;
  /** Requests of every company in the collection. */
  requestsInCollection: number;
  /** Seconds the step's inserts took (into every database filled at that step). */
  fillSec: number;
}

export interface ReadsFigures {
  steps: ReadsStep[];
  /** Through the API on the bench's database (FerretDB with the index pushdown, unless MONGODB_URI says otherwise). */
  shapes: ShapeTable;
  /**
   * Through a second API on FerretDB built without the index-pushdown patch (`ensureFerretDbWithoutPushdown`);
   * null when the bench's database is not FerretDB.
   */
  unpatched: ShapeTable | null;
  /** The background jobs' queries, straight against the bench's database (the jobs call no API). */
  jobs: ShapeTable;
  /** How many rows each job query's answer listed, by query name, then by size key. */
  jobRows: Record<string, Record<string, number>>;
}

/**
 * Whether FerretDB without the pushdown times `shape` at a step of `requests`: not the stats served from the cache
 * (Redis answers them alike, and a count afresh there outlives the cache), searches only up to `searchUpTo`.
 */
function compared(shape: ReadShape, requests: number, searchUpTo: number): boolean {
  return shape.cache !== 'warm' && (requests <= searchUpTo || !searchesSubjects(shape));
}

/**
 * How list reads grow with history: fills one database step by step (1,000, 10,000, 100,000 requests in the
 * measured company, other companies beside it at the last step) and times every read shape through the compiled
 * API after each step, on the bench's FerretDB and, at the smaller steps, on FerretDB built without the index-pushdown patch.
 * Before the list shapes of each step, it times the background jobs' queries on the bench's database, so the
 * stage moves of the list shapes' run do not change what they find at that step.
 */
export async function runReadsBench(ctx: BenchContext): Promise<ReadsFigures> {
  const plan = ctx.plan.reads;
  const dbName = `bench-reads-${Date.now()}`;
  const now = new Date();
  const passwordHash = await createPasswordHasher(4).hash(readsPassword);
  const { targets, stop } = await openReadTargets(ctx, dbName);
  try {
    const figures: ReadsFigures = {
      steps: [],
      shapes: {},
      unpatched: targets.some((t) => t.kind === 'unpatched') ? {} : null,
      jobs: {},
      jobRows: {},
    };
    const dbsAt = (requests: number) => targets.filter((t) => requests <= t.upTo).map((t) => t.db);
    const companies: CompanyHistory[] = [];
    const companyAt = async (index: number, dbs: Database[]) => {
      companies[index] ??= await openCompanyHistory(dbs, {
        index,
        passwordHash,
        now,
        searchTerms: index === 0,
      });
      return companies[index];
    };
    for (const step of plan.steps) {
      const size = sizeKey(step.requests);
      const dbs = dbsAt(step.requests);
      let fillSec = 0;
      for (let index = 0; index <= step.otherCompanies; index++)
        fillSec += await (await companyAt(index, dbs)).growTo(dbs, step.requests);
      const requestsInCollection = companies.reduce((sum, company) => sum + company.requests, 0);
      figures.steps.push({
        size,
        requests: step.requests,
        otherCompanies: step.otherCompanies,
        requestsInCollection,
        fillSec,
      });
      ctx.log(
        `reads ${size}: ${requestsInCollection} requests in the collection, filled in ${fillSec.toFixed(1)} s (${dbs.length} database${dbs.length > 1 ? 's' : ''})`,
      );
      const measured = companies[0] as CompanyHistory;
      const benchDb = targets.find((t) => t.kind === 'benchDb');
      if (benchDb) {
        const started = performance.now();
        const inputs = { now, companyId: measured.company.id.toString() };
        const { latencies, answers } = await measureJobs(benchDb.db, inputs, benchDb.sampling);
        for (const [name, latency] of Object.entries(latencies)) {
          figures.jobs[name] = { ...figures.jobs[name], [size]: latency };
          figures.jobRows[name] = { ...figures.jobRows[name], [size]: answers[name]?.rows ?? 0 };
        }
        const took = ((performance.now() - started) / 1000).toFixed(1);
        const summary = Object.entries(latencies).map(([name, l]) => {
          const answer = answers[name];
          const found = answer?.note ?? `${answer?.rows} rows`;
          return `${name} ${l.p50Ms.median}/${l.p99Ms.median} (${found}, ${l.samples} calls)`;
        });
        ctx.log(`reads ${size} jobs on benchDb (${took} s), p50/p99 ms: ${summary.join(', ')}`);
      }
      for (const target of targets.filter((t) => step.requests <= t.upTo)) {
        const started = performance.now();
        const shapes = readShapes.filter(
          (shape) => target.kind === 'benchDb' || compared(shape, step.requests, plan.unpatched.searchUpTo),
        );
        const latencies = await measureShapes(target.apiUrl, measured.company, target.sampling, shapes);
        const table = target.kind === 'benchDb' ? figures.shapes : (figures.unpatched as ShapeTable);
        for (const [shape, latency] of Object.entries(latencies))
          table[shape] = { ...table[shape], [size]: latency };
        const took = ((performance.now() - started) / 1000).toFixed(1);
        const summary = Object.entries(latencies).map(
          ([shape, l]) => `${shape} ${l.p50Ms.median}/${l.p99Ms.median}`,
        );
        ctx.log(`reads ${size} ${target.kind} (${took} s), p50/p99 ms: ${summary.join(', ')}`);
      }
    }
    return figures;
  } finally {
    await stop();
  }
}

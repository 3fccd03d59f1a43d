import type { Document } from 'mongodb';
import {
  type ResultDocument,
  resultStatuses,
  resultSummary,
  resultsByCompany,
} from '../collections/function-run-results.ts';
import { indexedDates } from '../indexed-dates.ts';
import { recordedFunctions } from '../ledger/function-directory.ts';
import type { RunStorage } from '../run-storage.ts';

/** Where a page of runs starts: strictly older than this run (newest first, by `finishedAt` then key). */
export interface RunCursor {
  finishedAt: Date;
  key: string;
}

export interface CompanyRunsQuery {
  companyId: string;
  functionId?: string;
  status?: ResultDocument['status'];
  /** Runs finished at or after `from` and before `until`. */
  from?: Date;
  until?: Date;
  after?: RunCursor;
  limit: number;
}

/** A page of a company's finished runs, newest first; `more` when older ones match too. */
export interface CompanyRunsPage {
  runs: ResultDocument[];
  more: boolean;
}

/**
 * A company's finished runs, newest first, by the index `{companyId, functionId, status, finishedAt}`: one range
 * per function and outcome the filter leaves open (the functions from `ledger_functions`), each read at most one
 * page deep, merged. Only results that recorded their company (`ResultDocument.companyId`) are seen.
 */
export async function listCompanyRuns(
  storage: RunStorage,
  query: CompanyRunsQuery,
): Promise<CompanyRunsPage> {
  const functionIds = query.functionId ? [query.functionId] : await recordedFunctions(storage);
  const statuses = query.status ? [query.status] : resultStatuses;
  const until = query.after
    ? minDate(query.until, new Date(query.after.finishedAt.getTime() + 1))
    : query.until;
  const ranges = await Promise.all(
    functionIds.flatMap((functionId) =>
      statuses.map((status) =>
        newestOfRange(
          storage,
          {
            companyId: query.companyId,
            functionId,
            status,
            finishedAt: indexedDates({ from: query.from, until }),
          },
          query.after,
          query.limit + 1,
        ),
      ),
    ),
  );
  const merged = ranges.flat().sort(newestFirst);
  return { runs: merged.slice(0, query.limit), more: merged.length > query.limit };
}

/**
 * The `wanted` newest results of one index range that come after the cursor. Results finished in the cursor's
 * millisecond come back from the index in no set order, so those at or before the cursor are dropped and the read
 * is widened by as many until enough remain or the range is exhausted.
 */
async function newestOfRange(
  storage: RunStorage,
  filter: Document,
  after: RunCursor | undefined,
  wanted: number,
): Promise<ResultDocument[]> {
  let take = wanted;
  for (;;) {
    const docs = await storage.results
      .find(filter, { projection: resultSummary, hint: resultsByCompany })
      .sort({ finishedAt: -1 })
      .limit(take)
      .toArray();
    const kept = after ? docs.filter((doc) => isAfter(doc, after)) : docs;
    if (docs.length < take || kept.length >= wanted) return kept.slice(0, wanted);
    take += docs.length - kept.length;
  }
}

function isAfter(doc: ResultDocument, cursor: RunCursor): boolean {
  const at = doc.finishedAt.getTime();
  const cursorAt = cursor.finishedAt.getTime();
  return at < cursorAt || (at === cursorAt && doc._id < cursor.key);
}

function newestFirst(a: ResultDocument, b: ResultDocument): number {
  return b.finishedAt.getTime() - a.finishedAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}

function minDate(a: Date | undefined, b: Date): Date {
  return a && a.getTime() < b.getTime() ? a : b;
}

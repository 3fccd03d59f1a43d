import { Types } from 'mongoose';
import type { Database } from '../database.ts';
import {
  currentSearchTermDocs,
  type StoredSearchableRequest,
  writeSearchTermsOf,
} from './request-search-terms.ts';

/** How far a rebuild has come. */
export interface SearchTermsRebuild {
  /** Requests read (those of the company, when one was given). */
  requests: number;
  /** Search terms that were missing and are now written. */
  termsWritten: number;
  /** Search terms written before terms carried the request's team and requester, now given them. */
  termsGivenParties: number;
}

const lowestId = new Types.ObjectId('000000000000000000000000');

/**
 * Writes the search terms every stored request should have, as of its `termsRevision` and `stageTermRevision`, a
 * page of requests at a time in `_id` order (of one company's, when given): for requests stored before search (or
 * stage terms) existed, or written around the API. Terms already there stay, so it can run again, and while the
 * API runs: a change of a subject or stage writes its own terms first, and a term written here for a request
 * changed meanwhile finds nothing (the search checks the request). Terms written before they carried the
 * request's team and requester are given them: a search within some teams, or an employee's, finds a request only
 * by terms that name its team, or its requester.
 * Documents that are not requests of a company (bare outbox carriers of runtime tests) are skipped.
 */
export async function rebuildSearchTerms(
  db: Database,
  options: { companyId?: string; pageSize?: number; onPage?: (progress: SearchTermsRebuild) => void } = {},
): Promise<SearchTermsRebuild> {
  const pageSize = options.pageSize ?? 500;
  const company = options.companyId ? { company: new Types.ObjectId(options.companyId) } : {};
  const progress: SearchTermsRebuild = { requests: 0, termsWritten: 0, termsGivenParties: 0 };
  let after = lowestId;
  for (;;) {
    const page = await db.models.Request.find(
      { ...company, _id: { $gt: after } },
      {
        company: 1,
        maintenanceTeam: 1,
        requestedBy: 1,
        subject: 1,
        priority: 1,
        status: 1,
        termsRevision: 1,
        stageTermRevision: 1,
      },
    )
      .sort({ _id: 1 })
      .hint(options.companyId ? { company: 1, _id: -1 } : { _id: 1 })
      .limit(pageSize)
      .lean();
    const requests = page.filter(
      (request) =>
        request.company instanceof Types.ObjectId &&
        request.maintenanceTeam instanceof Types.ObjectId &&
        request.requestedBy instanceof Types.ObjectId &&
        typeof request.subject === 'string' &&
        typeof request.priority === 'number' &&
        typeof request.status === 'string',
    );
    progress.requests += requests.length;
    progress.termsWritten += await writeSearchTermsOf(db, requests);
    progress.termsGivenParties += await giveTermsTheirParties(db, requests);
    options.onPage?.({ ...progress });
    const last = page.at(-1);
    if (!last || page.length < pageSize) return progress;
    after = last._id;
  }
}

/**
 * Sets `team` and `requestedBy` on the current terms of `requests` that lack either (written before terms carried
 * them), one update per team and requester, all in one command; answers how many were changed. Neither ever
 * changes on a request, so this races with nothing.
 */
async function giveTermsTheirParties(
  db: Database,
  requests: readonly StoredSearchableRequest[],
): Promise<number> {
  const byParties = new Map<string, { team: Types.ObjectId; requestedBy: Types.ObjectId; ids: string[] }>();
  for (const request of requests) {
    const key = `${request.maintenanceTeam}|${request.requestedBy}`;
    const parties = byParties.get(key) ?? {
      team: new Types.ObjectId(String(request.maintenanceTeam)),
      requestedBy: new Types.ObjectId(String(request.requestedBy)),
      ids: [],
    };
    for (const doc of currentSearchTermDocs(request)) parties.ids.push(doc._id);
    byParties.set(key, parties);
  }
  if (byParties.size === 0) return 0;
  const result = await db.models.RequestSearchTerm.bulkWrite(
    [...byParties.values()].map(({ team, requestedBy, ids }) => ({
      updateMany: {
        filter: {
          _id: { $in: ids },
          $or: [{ team: { $exists: false } }, { requestedBy: { $exists: false } }],
        },
        update: { $set: { team, requestedBy } },
      },
    })),
  );
  return result.modifiedCount;
}

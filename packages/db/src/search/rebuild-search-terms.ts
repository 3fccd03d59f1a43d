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
 * them), one update per team and requester; answers how many were changed. Neither ever changes on a request, so
 * this races with nothing.
 */
async function giveTermsTheirParties(
  db: Database,
  requests: readonly StoredSearchableRequest[],
): Promise<number> {
  const idsByParties = new Map<string, string[]>();
  for (const request of requests) {
    const parties = `${request.maintenanceTeam}|${request.requestedBy}`;
    const ids = idsByParties.get(parties) ?? [];
    for (const doc of currentSearchTermDocs(request)) ids.push(doc._id);
    idsByParties.set(parties, ids);
  }
  let changed = 0;
  for (const [parties, ids] of idsByParties) {
    const [team, requestedBy] = parties.split('|') as [string, string];
    const result = await db.models.RequestSearchTerm.updateMany(
      { _id: { $in: ids }, $or: [{ team: { $exists: false } }, { requestedBy: { $exists: false } }] },
      { $set: { team: new Types.ObjectId(team), requestedBy: new Types.ObjectId(requestedBy) } },
    );
    changed += result.modifiedCount;
  }
  return changed;
}

import { type Branch, type IdPage, mergedPage, searchTermOf } from '@fixstream/db';
import { matchesSearchWords } from '@fixstream/schemas';
import { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import type { RequestDocument } from './request.dto.ts';

/** Candidates read per round at most: bounds one read, however many rounds a rare match takes. */
const maxBatch = 400;

/** What a search page looks for: the caller's company, its visible branches (filters applied), the words typed. */
export interface SubjectSearch {
  companyId: string;
  branches: Branch[];
  /** As `searchWords` spells them; at least one. */
  words: readonly string[];
  /** The priorities whose search terms are read: all four in `_id` order, one at a time in priority order. */
  priorities: readonly number[];
}

/** A way to list the matches in order: each round reads more candidates and keeps those that match. */
interface MatchStream {
  read(batch: number): Promise<{ matches: RequestDocument[]; exhausted: boolean }>;
}

/**
 * The first `page.limit` requests, in `_id` order after `page.after`, of the branches whose subject matches every
 * word typed. Two reads find each of them on their own, at costs that depend on the data, so both run, a round at a
 * time in parallel with growing batches, and the first to fill the page (or reach its end) answers:
 *
 * - the search terms of the longest word (the rarest, most likely): one index range of `{company, term, priority,
 *   request}` per priority, merged in request order, then those requests read by `_id` with the branches as a
 *   filter (visibility, filters, priority). Cheap when the word is rare in the company;
 * - the branches' own index ranges, as the list without a search reads them. Cheap when they are narrow (an
 *   employee's own requests, a rare stage, the overdue ones) or the words are common.
 *
 * Both check every word on the subject as stored, so terms left by a change of the subject that went no further
 * find nothing. Each round reads at most `maxBatch` rows per range, so the cost of a page is at most about twice
 * the cheaper read's.
 */
export async function searchPage(
  deps: ApiDeps,
  search: SubjectSearch,
  page: IdPage,
): Promise<RequestDocument[]> {
  if (search.branches.length === 0 || page.limit <= 0) return [];
  const streams = [termStream(deps, search, page), branchStream(deps, search, page)];
  const found: RequestDocument[][] = streams.map(() => []);
  for (let batch = page.limit; ; batch = Math.min(batch * 4, maxBatch)) {
    const rounds = await Promise.all(streams.map((stream) => stream.read(batch)));
    for (const [i, round] of rounds.entries()) {
      const matches = found[i] as RequestDocument[];
      matches.push(...round.matches);
      if (round.exhausted || matches.length >= page.limit) return matches.slice(0, page.limit);
    }
  }
}

function termStream(deps: ApiDeps, search: SubjectSearch, page: IdPage): MatchStream {
  const company = new Types.ObjectId(search.companyId);
  const longest = search.words.reduce((a, b) => (Array.from(b).length > Array.from(a).length ? b : a));
  const term = searchTermOf(longest);
  const ranges = search.priorities.map((priority) => ({ company, term, priority }));
  let after = page.after;
  return {
    async read(batch) {
      const terms = await mergedPage<{ _id: Types.ObjectId; request: Types.ObjectId }>(
        deps.db.models.RequestSearchTerm,
        ranges,
        { order: page.order, after, limit: batch, orderBy: 'request', projection: { request: 1 } },
      );
      const ids = terms.rows.map((row) => row.request);
      after = ids.at(-1) ?? after;
      const requests =
        ids.length === 0
          ? []
          : await deps.db.models.Request.find(
              { _id: { $in: ids }, $or: search.branches },
              { outbox: 0 },
            ).lean<RequestDocument[]>();
      const byId = new Map(requests.map((request) => [request._id.toString(), request]));
      const matches = ids
        .map((id) => byId.get(id.toString()))
        .filter((request): request is RequestDocument => matching(request, search.words));
      return { matches, exhausted: terms.exhausted };
    },
  };
}

function branchStream(deps: ApiDeps, search: SubjectSearch, page: IdPage): MatchStream {
  let after = page.after;
  return {
    async read(batch) {
      const requests = await mergedPage<RequestDocument>(deps.db.models.Request, search.branches, {
        ...page,
        after,
        limit: batch,
      });
      after = requests.rows.at(-1)?._id ?? after;
      const matches = requests.rows.filter((request) => matching(request, search.words));
      return { matches, exhausted: requests.exhausted };
    },
  };
}

function matching(request: RequestDocument | undefined, words: readonly string[]): boolean {
  return request !== undefined && matchesSearchWords(request.subject, words);
}

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

/** A way to list the matches in order: each round reads up to `batch` more candidates. */
interface MatchStream {
  /** Answers every match found so far, in order, and whether the candidates have run out. */
  read(batch: number): Promise<{ found: RequestDocument[]; exhausted: boolean }>;
}

/** Words whose search terms are read at most: the longest, and after a first round two more. */
const maxTermStreams = 3;

/**
 * The first `page.limit` requests, in `_id` order after `page.after`, of the branches whose subject matches every
 * word typed. Several reads find each of them on their own, at costs that depend on the data, so they run side by
 * side, a round at a time with growing batches, and the first to fill the page (or reach its end) answers:
 *
 * - the branches' own index ranges, as the list without a search reads them. Cheap when they are narrow (an
 *   employee's own requests, a rare stage, the overdue ones) or the words are common;
 * - the search terms of a word: one index range of `{company, term, priority, request}` per priority, merged in
 *   request order, then those requests read by `_id` with the branches as a filter (visibility, filters,
 *   priority). Cheap when the word is rare in the company. The longest word's from the first round; when that
 *   round does not settle the page, the next longest words' too, so a rare word finishes the page even when a
 *   common one was typed first ("pump 21" where no pump has a 21).
 *
 * Every read checks every word on the subject as stored, so terms left by a change of the subject that went no
 * further find nothing. Each round reads at most `maxBatch` rows per range, so a page costs at most a few times
 * the cheapest read's.
 */
export async function searchPage(
  deps: ApiDeps,
  search: SubjectSearch,
  page: IdPage,
): Promise<RequestDocument[]> {
  if (search.branches.length === 0 || page.limit <= 0) return [];
  const terms = [...new Set(search.words.map(searchTermOf))]
    .sort((a, b) => Array.from(b).length - Array.from(a).length)
    .slice(0, maxTermStreams);
  const [longest, ...others] = terms as [string, ...string[]];
  const streams = [branchStream(deps, search, page), termStream(deps, search, longest, page)];
  for (let batch = page.limit; ; batch = Math.min(batch * 4, maxBatch)) {
    const rounds = await Promise.all(streams.map((stream) => stream.read(batch)));
    const done = rounds.find((round) => round.exhausted || round.found.length >= page.limit);
    if (done) return done.found.slice(0, page.limit);
    streams.push(...others.splice(0).map((term) => termStream(deps, search, term, page)));
  }
}

function termStream(deps: ApiDeps, search: SubjectSearch, term: string, page: IdPage): MatchStream {
  const company = new Types.ObjectId(search.companyId);
  const ranges = search.priorities.map((priority) => ({ company, term, priority }));
  let after = page.after;
  const found: RequestDocument[] = [];
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
      for (const id of ids) {
        const request = byId.get(id.toString());
        if (request && matchesSearchWords(request.subject, search.words)) found.push(request);
      }
      return { found, exhausted: terms.exhausted };
    },
  };
}

function branchStream(deps: ApiDeps, search: SubjectSearch, page: IdPage): MatchStream {
  let after = page.after;
  const found: RequestDocument[] = [];
  return {
    async read(batch) {
      const requests = await mergedPage<RequestDocument>(deps.db.models.Request, search.branches, {
        ...page,
        after,
        limit: batch,
      });
      after = requests.rows.at(-1)?._id ?? after;
      found.push(...requests.rows.filter((request) => matchesSearchWords(request.subject, search.words)));
      return { found, exhausted: requests.exhausted };
    },
  };
}

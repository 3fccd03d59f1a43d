import {
  type Branch,
  commonValuesPage,
  type IdPage,
  mergedPage,
  searchTermOf,
  stageTermOf,
} from '@fixstream/db';
import { matchesSearchWords } from '@fixstream/schemas';
import { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import type { RequestDocument } from './request.dto.ts';

/** Candidates read per round at most: bounds one read, however many rounds a rare match takes. */
const maxBatch = 400;

/**
 * What reads cost on FerretDB, relative to one search term read (about 0.1 ms on the bench machine): a query's own
 * work (planning, index seeks, the round trip), a request decoded whole (its outbox and all), a request read for
 * its subject only (the database extracts the fields a projection names), a request id that the terms' index
 * entries answer (`commonValuesPage`; the entries of the terms that did not meet cost about as much again each,
 * which the read does not learn).
 */
const costOf = { query: 15, requestRow: 4, subjectRow: 1.5, termId: 0.05 } as const;

/** What a search page looks for: the caller's company, its visible branches (filters applied), the words typed. */
export interface SubjectSearch {
  companyId: string;
  branches: Branch[];
  /** As `searchWords` spells them; at least one. */
  words: readonly string[];
  /** The priorities the branches hold: one in the priority order (read from its own terms), else all four. */
  priorities: readonly number[];
  /** The company's teams, read when a search needs them (`companyTeamsOnce`). */
  companyTeams: () => Promise<Types.ObjectId[]>;
}

/**
 * The company's teams, read at the first call only: a list in the priority order searches once per priority.
 * Teams are never deleted, so every request's team is one of them.
 */
export function companyTeamsOnce(deps: ApiDeps, companyId: string): () => Promise<Types.ObjectId[]> {
  let teams: Promise<Types.ObjectId[]> | undefined;
  return () => {
    teams ??= deps.db.models.Team.find({ company: companyId }, { _id: 1 })
      .lean()
      .then((found) => found.map((team) => team._id));
    return teams;
  };
}

/** What a read has done so far: its matches, its cost, how many candidates it read, where they began and ended. */
class Progress {
  /** Every match read so far, in order. */
  readonly found: RequestDocument[] = [];
  /** What the reads have cost (see `costOf`). */
  cost = 0;
  candidates = 0;
  first: Types.ObjectId | null = null;
  /** The last candidate read, where the next batch starts (at first, where the page starts). */
  last: Types.ObjectId | null;

  constructor(start: Types.ObjectId | null) {
    this.last = start;
  }

  /** Counts a batch of candidates, in the page's order, and what reading them cost. */
  advance(candidates: readonly Types.ObjectId[], cost: number): void {
    this.cost += cost;
    this.candidates += candidates.length;
    this.first ??= candidates[0] ?? null;
    this.last = candidates.at(-1) ?? this.last;
  }
}

/** One way to list the matches in order, a batch of candidates at a time. */
interface MatchStream {
  progress: Progress;
  /** Candidates the first round reads. */
  firstBatch: number;
  /** Reads up to `batch` more candidates; answers whether none are left. */
  read(batch: number): Promise<boolean>;
}

/**
 * The first `page.limit` requests, in `_id` order after `page.after`, of the branches whose subject matches every
 * word typed. Several reads find all of them on their own, at costs that depend on the data:
 *
 * - the branches' own index ranges, as the list reads them without a search, each request read for its subject only
 *   (a projection: FerretDB as built here extracts the fields named instead of decoding the request) and checked
 *   on it, the matches then read whole. Cheap when the branches are narrow (an employee's own requests, a rare
 *   stage, the overdue ones) or the words common;
 * - the requests that have the terms of every word (`commonValuesPage`: `{company, term, request}`, or with the
 *   priority in the priority order), which the database lists from the terms' index entries, merging the words'
 *   ranges in request order without reading a term document; those are read by `_id` with the branches as the
 *   filter (visibility, filters, priority) and checked on the subject. Cheap unless the branches drop most of
 *   the requests that have the words: two common words that never meet cost one pass over their index entries;
 * - with a stage filter, the same with the stage's term (`stageTermOf`) among the words' terms: the stage's
 *   requests in request order among the small term entries, where the branches' own read decodes each request of
 *   the stage (an open stage holds a few percent of a company's history).
 *
 * A first round reads a page of candidates from each and ends the search if one of them fills the page or runs
 * out (a word nobody wrote, words that never meet). Otherwise every read has gone some way along the requests in
 * `_id` order, and all of them meet the same matches on the way, so the one that went furthest for its cost is the
 * cheapest per match: it alone reads on, in batches sized by the matches it found so far (`nextBatch`), until the
 * page is full or it runs out. Every read checks the words on the subject as stored, so terms left by a change of
 * the subject that went no further find nothing.
 *
 * Branches bound to teams are searched apart from the others, their terms read only where a term names one of
 * their teams (`TeamGroup`): a technician whose teams hold no request with the word learns it from the index of
 * the terms alone, instead of reading every request of the company that has it. The groups' pages are merged.
 */
export async function searchPage(
  deps: ApiDeps,
  search: SubjectSearch,
  page: IdPage,
): Promise<RequestDocument[]> {
  if (search.branches.length === 0 || page.limit <= 0) return [];
  const terms = [
    ...new Set(search.words.map(searchTermOf).filter((term): term is string => term !== null)),
  ].sort((a, b) => Array.from(b).length - Array.from(a).length);
  const bound = search.branches.filter((branch) => branch.maintenanceTeam instanceof Types.ObjectId);
  const unbound = search.branches.filter((branch) => !bound.includes(branch));
  const within = [...new Set(bound.map((branch) => String(branch.maintenanceTeam)))].map(
    (id) => new Types.ObjectId(id),
  );
  const inGroup = (group: TeamGroup) => searchGroup(deps, search, terms, group, page);
  if (unbound.length === 0) return inGroup({ branches: bound, teams: within });
  if (bound.length === 0) return inGroup({ branches: unbound, teams: null });
  const pages = await Promise.all([
    inGroup({ branches: bound, teams: within }),
    search.companyTeams().then((teams) => {
      const others = teams.filter((team) => !within.some((id) => id.equals(team)));
      return others.length === 0
        ? []
        : inGroup({
            branches: unbound.map((branch) => ({ ...branch, maintenanceTeam: { $in: others } })),
            teams: others,
            narrow: true,
          });
    }),
  ]);
  const unique = new Map(pages.flat().map((request) => [request._id.toString(), request]));
  const before = (a: RequestDocument, b: RequestDocument) =>
    page.order * a._id.toHexString().localeCompare(b._id.toHexString());
  return [...unique.values()].sort(before).slice(0, page.limit);
}

/**
 * Branches searched together, and the teams whose requests they can hold (null: any team), which their term reads
 * test on the index. Branches narrowed to teams (a technician's teams, a `team` filter) are searched within those.
 * Branches beside them that are not (a technician's own requests) need only the requests of the company's other
 * teams, as the first group finds the rest: they are searched within those, and are `narrow`.
 */
interface TeamGroup {
  branches: Branch[];
  teams: Types.ObjectId[] | null;
  /**
   * Likely to hold few requests (a request is assigned to a member of its team, and a technician's own requests of
   * other teams are the ones of teams they have left): the branches' own range is read first, alone, and usually
   * ends the search, where the terms of the word in the other teams would be read for nothing.
   */
  narrow?: boolean;
}

/** {@link searchPage} for the branches of one group; `terms` are the words' terms, longest first. */
async function searchGroup(
  deps: ApiDeps,
  search: SubjectSearch,
  terms: readonly string[],
  group: TeamGroup,
  page: IdPage,
): Promise<RequestDocument[]> {
  const groupSearch: SubjectSearch = { ...search, branches: group.branches };
  const stage = commonStage(group.branches);
  const branches = branchStream(deps, groupSearch, page);
  const termRead = (allOf: readonly string[]) => termStream(deps, groupSearch, group.teams, page, allOf);
  const streams = [
    branches,
    ...(terms.length > 0 ? [termRead(terms)] : []),
    ...(stage ? [termRead([stageTermOf(stage), ...terms])] : []),
  ];
  // The first round: the one that fills the page or runs out answers.
  const firstRound = async (round: MatchStream[]) => {
    const exhausted = await Promise.all(round.map((stream) => stream.read(stream.firstBatch)));
    return round.find((stream, i) => exhausted[i] || stream.progress.found.length >= page.limit);
  };
  const settled = group.narrow
    ? ((await firstRound([branches])) ?? (await firstRound(streams.filter((stream) => stream !== branches))))
    : await firstRound(streams);
  if (settled) return settled.progress.found.slice(0, page.limit);
  const cheapest = cheapestPerDistance(streams, page);
  for (let done = false; !done && cheapest.progress.found.length < page.limit; )
    done = await cheapest.read(nextBatch(cheapest.progress, page.limit));
  return cheapest.progress.found.slice(0, page.limit);
}

/**
 * The requester every branch is narrowed to (an employee's own requests), or null: the terms carry it, so the
 * search lists the employee's requests among a word's terms instead of reading their requests' subjects.
 */
function commonRequester(branches: readonly Branch[]): Types.ObjectId | null {
  const [first] = branches;
  const requester = first?.requestedBy;
  if (!(requester instanceof Types.ObjectId)) return null;
  return branches.every((branch) => requester.equals(branch.requestedBy as Types.ObjectId))
    ? requester
    : null;
}

/** The stage every branch is narrowed to (a `status` filter), or null when they are not all narrowed to one. */
function commonStage(branches: readonly Branch[]): string | null {
  const stages = new Set(branches.map((branch) => branch.status));
  const [stage] = stages;
  return stages.size === 1 && typeof stage === 'string' ? stage : null;
}

/**
 * Candidates to read next: about as many as the matches still wanted take at the rate found so far, a tenth more
 * for luck, but no more than twice the candidates read so far, from a page to `maxBatch`. A rate taken from the
 * first page's one or two matches is often off by a factor of two or three, and reading too far costs far more
 * (about 0.1 ms a candidate) than one more round (about 2 ms), so the reads grow at most geometrically.
 */
export function nextBatch(
  progress: { found: readonly unknown[]; candidates: number },
  wanted: number,
): number {
  const found = progress.found.length;
  const rate = Math.max(found, 1) / (progress.candidates + 1);
  const estimate = Math.ceil(((wanted - found) / rate) * 1.1);
  return Math.min(maxBatch, Math.max(wanted, Math.min(estimate, 2 * progress.candidates)));
}

/** The read that has gone furthest in `_id` order from where the page starts, for what it cost. */
function cheapestPerDistance(streams: MatchStream[], page: IdPage): MatchStream {
  const at = (id: Types.ObjectId | null) => (id ? Number.parseInt(id.toHexString().slice(0, 12), 16) : 0);
  const firsts = streams.map((stream) => at(stream.progress.first));
  const start = page.after ? at(page.after) : page.order === 1 ? Math.min(...firsts) : Math.max(...firsts);
  const costPerDistance = ({ progress }: MatchStream) =>
    progress.cost / Math.max(1, Math.abs(at(progress.last) - start));
  return streams.reduce((best, stream) => (costPerDistance(stream) < costPerDistance(best) ? stream : best));
}

function branchStream(deps: ApiDeps, search: SubjectSearch, page: IdPage): MatchStream {
  const progress = new Progress(page.after);
  return {
    progress,
    firstBatch: page.limit,
    async read(batch) {
      const candidates = await mergedPage<{ _id: Types.ObjectId; subject: string }>(
        deps.db.models.Request,
        search.branches,
        { ...page, after: progress.last, limit: batch, projection: { subject: 1 } },
      );
      progress.advance(
        candidates.rows.map((request) => request._id),
        costOf.query * search.branches.length + costOf.subjectRow * candidates.rows.length,
      );
      await readMatches(
        deps,
        search,
        candidates.rows
          .filter((request) => matchesSearchWords(request.subject, search.words))
          .map((request) => request._id),
        progress,
        page.limit,
      );
      return candidates.exhausted;
    },
  };
}

/**
 * Reads the candidates `ids` whole, with the branches as the filter (visibility, filters, priority), and adds
 * those whose subject matches to the progress, in the order of `ids`, until `wanted` are found. The branches and
 * the words are checked on what is read, so a request changed since its candidate was read is left out if it no
 * longer matches. With more candidates than the page still needs, the first as many as it needs are read, then
 * the rest only if some of those did not match: a last round's extra matches (a tenth of a stage search's time,
 * at 150 µs a request) are not decoded for nothing, at the price of a second read when the branches drop some.
 */
async function readMatches(
  deps: ApiDeps,
  search: SubjectSearch,
  ids: readonly Types.ObjectId[],
  progress: Progress,
  wanted: number,
): Promise<void> {
  const need = wanted - progress.found.length;
  if (need <= 0) return;
  if (ids.length <= need) return readWhole(deps, search, ids, progress);
  await readWhole(deps, search, ids.slice(0, need), progress);
  if (progress.found.length < wanted) await readWhole(deps, search, ids.slice(need), progress);
}

async function readWhole(
  deps: ApiDeps,
  search: SubjectSearch,
  ids: readonly Types.ObjectId[],
  progress: Progress,
): Promise<void> {
  if (ids.length === 0) return;
  const requests = await deps.db.models.Request.find(
    { _id: { $in: ids }, $or: search.branches },
    { outbox: 0 },
  )
    .limit(ids.length)
    .batchSize(ids.length)
    .lean<RequestDocument[]>();
  progress.cost += costOf.query + costOf.requestRow * requests.length;
  const byId = new Map(requests.map((request) => [request._id.toString(), request]));
  for (const id of ids) {
    const request = byId.get(id.toString());
    if (request && matchesSearchWords(request.subject, search.words)) progress.found.push(request);
  }
}

/**
 * The requests that have every term of `allOf` (at least one), in the page's order: listed from the terms' index
 * entries (`commonValuesPage`), within the group's teams if it has some, of the branches' one requester if they
 * have one (an employee's), and read whole with the branches as the filter. The database returns only the
 * requests that have every term, so each round reads about as many candidates as it needs.
 */
function termStream(
  deps: ApiDeps,
  search: SubjectSearch,
  teams: Types.ObjectId[] | null,
  page: IdPage,
  allOf: readonly string[],
): MatchStream {
  const { RequestSearchTerm } = deps.db.models;
  const [priority] = search.priorities;
  const requester = commonRequester(search.branches);
  // Last in the index key: the database tests them on each entry of the range, without reading the document
  const range = {
    company: new Types.ObjectId(search.companyId),
    ...(search.priorities.length === 1 ? { priority } : {}),
    ...(teams ? { team: { $in: teams } } : {}),
    ...(requester ? { requestedBy: requester } : {}),
  };
  const progress = new Progress(page.after);
  return {
    progress,
    firstBatch: page.limit,
    async read(batch) {
      const listed = await commonValuesPage(
        RequestSearchTerm,
        range,
        { field: 'term', values: allOf },
        { order: page.order, after: progress.last, limit: batch, orderBy: 'request' },
      );
      progress.advance(listed.values, costOf.query + costOf.termId * listed.values.length * allOf.length);
      await readMatches(deps, search, listed.values, progress, page.limit);
      return listed.exhausted;
    },
  };
}

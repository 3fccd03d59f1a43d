import { Batcher } from '@fixstream/events';
import { duplicateIndexes } from '@fixstream/run-storage';
import { searchWords } from '@fixstream/schemas';
import { Types } from 'mongoose';
import type { Database } from '../database.ts';

/**
 * The lengths of the word beginnings that are terms, in characters. A word searched for is looked up by its
 * longest beginning of one of these lengths, and the rest of it is checked on the subjects found: every subject
 * word that begins with it has that term. Every other length would double a request's term documents, which a
 * create writes (FerretDB's cost per inserted document is what bounds `requests.create`), while narrowing a lookup
 * little; longer terms would hardly narrow it further. A word of one character has no term: it is checked on the
 * subjects only, and is common enough that the first requests read have it.
 */
export const searchTermLengths = [2, 4, 6] as const;

/** What a request's search terms are made of. */
export interface SearchableRequest {
  _id: Types.ObjectId | string;
  company: Types.ObjectId | string;
  /** The team that maintains the request, set at creation and never changed: its terms carry it. */
  maintenanceTeam: Types.ObjectId | string;
  /** Who asked for the request, set at creation and never changed: its terms carry it. */
  requestedBy: Types.ObjectId | string;
  subject: string;
  priority: number;
  status: string;
}

/**
 * Which of a request's terms, as of which revision: the terms of its subject (versioned by `termsRevision`), its
 * stage term (versioned by `stageTermRevision`), or both. A part left out is neither written nor dropped.
 */
export interface TermRevisions {
  words?: number | undefined;
  stage?: number | undefined;
}

/**
 * The term a searched word is looked up by: its longest beginning of one of `searchTermLengths`, or null for a
 * word of one character, which no term finds.
 */
export function searchTermOf(word: string): string | null {
  const letters = Array.from(word);
  const length = searchTermLengths.filter((l) => l <= letters.length).at(-1);
  return length === undefined ? null : letters.slice(0, length).join('');
}

/**
 * The term of a stage: a search with a stage filter reads the stage's requests in request order among the small
 * term documents, instead of decoding every request of the stage. `~` begins no word (`searchWords` splits on it).
 */
export function stageTermOf(status: string): string {
  return `~${status}`;
}

/** The beginnings of `searchTermLengths` of every word of a subject, once each. */
export function subjectTerms(subject: string): string[] {
  const terms = new Set<string>();
  for (const word of searchWords(subject)) {
    const letters = Array.from(word);
    for (const length of searchTermLengths)
      if (length <= letters.length) terms.add(letters.slice(0, length).join(''));
  }
  return [...terms];
}

/**
 * The term documents of a request: its subject's terms as of `revisions.words`, its stage term as of
 * `revisions.stage`. Derived from the request alone, so writing them again (a retry, `pnpm ops search-terms
 * rebuild`) adds nothing.
 */
export function requestSearchTermDocs(request: SearchableRequest, revisions: TermRevisions) {
  const requestId = new Types.ObjectId(String(request._id));
  const company = new Types.ObjectId(String(request.company));
  const team = new Types.ObjectId(String(request.maintenanceTeam));
  const requestedBy = new Types.ObjectId(String(request.requestedBy));
  const doc = (revision: number, term: string) => ({
    _id: `${requestId}|${revision}|${term}`,
    company,
    term,
    team,
    requestedBy,
    priority: request.priority,
    request: requestId,
  });
  const words = revisions.words;
  const stage = revisions.stage;
  return [
    ...(words === undefined ? [] : subjectTerms(request.subject).map((term) => doc(words, term))),
    ...(stage === undefined ? [] : [doc(stage, stageTermOf(request.status))]),
  ];
}

/**
 * Inserts a request's terms as of `revisions`, before the write that gives the request this subject, stage and
 * priority: so a stored request always has the terms that find it, and a failure in between leaves only terms the
 * request does not bear out, which the search drops when it checks the request. Terms already written stay as
 * they are.
 */
export async function writeRequestSearchTerms(
  db: Database,
  request: SearchableRequest,
  revisions: TermRevisions,
): Promise<void> {
  const docs = requestSearchTermDocs(request, revisions);
  if (docs.length > 0) await termWrites(db).add(docs);
}

type TermDoc = ReturnType<typeof requestSearchTermDocs>[number];

const termWriters = new WeakMap<Database, Batcher<TermDoc[], void>>();

/**
 * The connection's group commit of terms: the terms of concurrent creates and edits go in one insert command, so
 * they share its SQLite commit, which on FerretDB costs about as much as the ten or so documents of a create's
 * terms (`bench/src/probes/term-insert.probe.ts`: grouped, the terms cost a create about half as much). A failed
 * command fails every write in it.
 */
function termWrites(db: Database): Batcher<TermDoc[], void> {
  let writes = termWriters.get(db);
  if (!writes) {
    writes = Batcher.forEffect((batch: TermDoc[][]) => insertTerms(db, batch.flat()), 100);
    termWriters.set(db, writes);
  }
  return writes;
}

/** A stored request, with the revisions of its terms (missing on requests stored before them: 0). */
export type StoredSearchableRequest = SearchableRequest & {
  termsRevision?: number | null;
  stageTermRevision?: number | null;
};

/** The term documents a stored request has now: its subject's and stage's, each as of its own revision. */
export function currentSearchTermDocs(request: StoredSearchableRequest) {
  return requestSearchTermDocs(request, {
    words: request.termsRevision ?? 0,
    stage: request.stageTermRevision ?? 0,
  });
}

/**
 * Inserts the terms of stored requests, each as of its own `termsRevision` and `stageTermRevision`, for requests
 * written without them (stored before search existed, or inserted around the API by a benchmark or a test); terms
 * already there stay. Answers how many were missing.
 */
export async function writeSearchTermsOf(
  db: Database,
  requests: readonly StoredSearchableRequest[],
): Promise<number> {
  return insertTerms(db, requests.flatMap(currentSearchTermDocs));
}

/**
 * Deletes a request's terms as of `revisions`: those of a subject, stage or priority it no longer has, or of a
 * write that did not happen. No later write needs them: every write of terms has a revision of its own.
 */
export async function dropRequestSearchTerms(
  db: Database,
  request: SearchableRequest,
  revisions: TermRevisions,
): Promise<void> {
  const ids = requestSearchTermDocs(request, revisions).map((doc) => doc._id);
  if (ids.length > 0) await db.models.RequestSearchTerm.deleteMany({ _id: { $in: ids } });
}

/** Inserts what is not there yet; answers how many were inserted. */
async function insertTerms(db: Database, docs: readonly TermDoc[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    const result = await db.models.RequestSearchTerm.collection.insertMany(docs as never[], {
      ordered: false,
    });
    return result.insertedCount;
  } catch (error) {
    return docs.length - duplicateIndexes(error).size;
  }
}

import { Batcher } from '@fixstream/events';
import { isDuplicateKey } from '@fixstream/run-storage';
import type { Database } from '../database.ts';

type RequestModel = Database['models']['Request'];
/** A request as `Request.create` takes it. */
export type NewRequestDoc = Parameters<RequestModel['create']>[0];
/** A stored request, hydrated. */
export type StoredRequest = InstanceType<RequestModel>;

type Inserted = { stored: StoredRequest } | { duplicate: true } | { refused: unknown };

const requestInserts = new WeakMap<Database, Batcher<NewRequestDoc, Inserted>>();

/**
 * Inserts a new request with the requests concurrent calls insert, in one unordered insert command (group
 * commit): on FerretDB's SQLite storage every command is a transaction, and its commit, not the document, is most
 * of what an insert costs. Each caller still gets its own answer: the stored request (validated and stamped as
 * `Request.create` does), null when a request with its `_id` exists, or the error that refused its document
 * alone (a validation error). A command that fails as a whole fails every call in it.
 */
export async function insertRequest(db: Database, doc: NewRequestDoc): Promise<StoredRequest | null> {
  const inserted = await insertsOf(db).add(doc);
  if ('stored' in inserted) return inserted.stored;
  if ('duplicate' in inserted) return null;
  throw inserted.refused;
}

function insertsOf(db: Database): Batcher<NewRequestDoc, Inserted> {
  let inserts = requestInserts.get(db);
  if (!inserts) {
    inserts = new Batcher((docs: NewRequestDoc[]) => insertAll(db.models.Request, docs), 100);
    requestInserts.set(db, inserts);
  }
  return inserts;
}

/**
 * One unordered `insertMany`, answered per document. Mongoose puts each document's outcome at its index (the
 * stored document, its validation error or its write error) on the result, or, when some write failed, on the
 * error it throws; an error without write errors is the command's, and fails the whole group.
 */
async function insertAll(Request: RequestModel, docs: NewRequestDoc[]): Promise<Inserted[]> {
  let outcomes: unknown[];
  try {
    const result = await Request.insertMany(docs, { ordered: false, rawResult: true });
    outcomes = resultsOf(result);
  } catch (error) {
    if ((error as { writeErrors?: unknown }).writeErrors == null) throw error;
    outcomes = resultsOf(error);
  }
  return docs.map((_, index): Inserted => {
    const outcome = outcomes[index];
    if (outcome instanceof Request) return { stored: outcome as StoredRequest };
    if (isDuplicateKey(outcome)) return { duplicate: true };
    return { refused: outcome };
  });
}

function resultsOf(outcome: unknown): unknown[] {
  const carrier = outcome as { results?: unknown[]; mongoose?: { results?: unknown[] } };
  const results = carrier.mongoose?.results ?? carrier.results;
  if (!results) throw new Error('insertMany answered without per-document results');
  return results;
}

import mongoose from 'mongoose';

const { Binary, BSON, BSONRegExp, Double, Int32, Long, ObjectId, Timestamp } = mongoose.mongo;
type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;

/** One `find` of the matrix; `label` says which family of cases it belongs to. */
export type FindCase = {
  label: string;
  filter: Document;
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
  batchSize?: number;
  /** An index key: the query promises its fields hold one type each (a hinted query may be read in index order). */
  hint?: Record<string, 1 | -1>;
  projection?: Document;
};

/** What a server answered: documents in the order returned (canonical EJSON, types kept), or the error. */
export type FindOutcome = { docs: string[]; keys: string[] } | { error: string };

/** Canonical EJSON keeps the types apart (int 0 / double -0.0, a string / an ObjectId with the same hex). */
export function ejson(value: unknown): string {
  return BSON.EJSON.stringify(value, { relaxed: false });
}

/** A case as a failure names it: its family, the filter with its types, and the options. */
export function describeFind(c: FindCase): string {
  const options = JSON.stringify({
    sort: c.sort,
    skip: c.skip,
    limit: c.limit,
    batchSize: c.batchSize,
    projection: c.projection,
  });
  return `[${c.label}] find(${ejson(c.filter)}, ${options})`;
}

const RAW_TYPES = { promoteValues: false, promoteLongs: false, bsonRegExp: true } as const;

/** Runs `c` to the end of its cursor (through getMore when it has a batch size or a long answer). */
export async function runFind(db: Db, collection: string, c: FindCase): Promise<FindOutcome> {
  try {
    const docs = await db
      .collection(collection)
      .find(c.filter, {
        sort: c.sort,
        skip: c.skip,
        limit: c.limit,
        batchSize: c.batchSize,
        ...(c.hint ? { hint: c.hint } : {}),
        ...(c.projection ? { projection: c.projection } : {}),
        ...RAW_TYPES,
      })
      .toArray();
    const [field, direction] = Object.entries(c.sort ?? {})[0] ?? [];
    return {
      docs: docs.map(ejson),
      keys: field === undefined ? [] : docs.map((doc) => sortKey(doc[field], direction === -1)),
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The query whose whole answer holds `c`'s: the same filter, sort (by `_id` ascending for none) and projection,
 * without skip, limit or batch size, so that one answer of the slow reference serves a filter's every page (see
 * {@link expectedFrom}). The filter is wrapped in a one-branch `$or`, which matches the same documents: with
 * `--test-disable-pushdown` FerretDB 1.24 still hands find's filter to the backend (it copies it there to drop dotted
 * keys), and a backend pushes nothing of an `$or`.
 */
export function referenceQuery(c: FindCase): FindCase {
  const [field, direction] = Object.entries(c.sort ?? {})[0] ?? ['_id', 1];
  return {
    label: 'reference',
    filter: { $or: [c.filter] },
    sort: field === '_id' ? { _id: 1 } : { [field]: direction },
    ...(c.projection ? { projection: c.projection } : {}),
  };
}

/**
 * `c`'s answer cut from the whole answer to {@link referenceQuery}: FerretDB without pushdown sorts the filtered
 * documents in memory (a stable sort of the same input), then skips, then limits, so a page is a slice; `_id`s
 * are unique, so newest first is the reverse of oldest first. Without a sort it is every match.
 */
export function expectedFrom(c: FindCase, whole: FindOutcome): FindOutcome {
  if ('error' in whole || c.sort === undefined) return whole;
  const reversed = c.sort._id === -1;
  const ordered = (list: string[]) => (reversed ? [...list].reverse() : list);
  const start = c.skip ?? 0;
  const end = c.limit === undefined ? undefined : start + c.limit;
  return { docs: ordered(whole.docs).slice(start, end), keys: ordered(whole.keys).slice(start, end) };
}

/** Every document of a collection as a sorted list, to compare two collections after the same writes. */
export async function collectionContents(db: Db, collection: string): Promise<string[]> {
  return (await db.collection(collection).find({}, RAW_TYPES).toArray()).map(ejson).sort();
}

/**
 * Why two answers to `c` differ, or null when they agree as far as the query defines: in order for a sort on
 * `_id` (unique), as sets without a sort, and for other sorts the same sequence of sort keys with the same
 * documents in each run of equal keys (the order within a run is not defined; a run cut by skip or limit may
 * hold different documents).
 */
export function findDifference(c: FindCase, got: FindOutcome, want: FindOutcome): string | null {
  if ('error' in got || 'error' in want) {
    const g = 'error' in got ? `error ${got.error}` : `${got.docs.length} documents`;
    const w = 'error' in want ? `error ${want.error}` : `${want.docs.length} documents`;
    return g === w ? null : `got ${g}, want ${w}`;
  }
  const sortFields = Object.keys(c.sort ?? {});
  if (sortFields.length === 0 && c.limit === undefined) return setDifference(got.docs, want.docs);
  if (sortFields.length === 0) return subsetDifference(c, got.docs, want.docs);
  if (sortFields[0] === '_id') return orderDifference(got.docs, want.docs);
  return runsDifference(c, got, want);
}

function setDifference(got: string[], want: string[]): string | null {
  const missing = difference(want, got);
  const extra = difference(got, want);
  if (missing.length === 0 && extra.length === 0) return null;
  return `got ${got.length} documents, want ${want.length}; missing ${sample(missing)}; extra ${sample(extra)}`;
}

/** Without a sort, skip and limit may keep any of the matches. */
function subsetDifference(c: FindCase, got: string[], matches: string[]): string | null {
  const size = Math.max(0, Math.min(c.limit ?? matches.length, matches.length - (c.skip ?? 0)));
  const extra = difference(got, matches);
  if (got.length === size && extra.length === 0) return null;
  return `got ${got.length} documents, want ${size} of the ${matches.length} matches; not matches: ${sample(extra)}`;
}

function orderDifference(got: string[], want: string[]): string | null {
  const at = firstMismatch(got, want);
  if (at === -1) return null;
  return `got ${got.length} documents, want ${want.length}; first difference at ${at}: got ${idOf(got[at])}, want ${idOf(want[at])}; got ids ${ids(got)}, want ids ${ids(want)}`;
}

function runsDifference(
  c: FindCase,
  got: { docs: string[]; keys: string[] },
  want: typeof got,
): string | null {
  const at = firstMismatch(got.keys, want.keys);
  if (at !== -1) {
    return `sort keys differ at ${at} (got ${got.keys[at]}, want ${want.keys[at]}); got keys ${got.keys.join(' ')}; want keys ${want.keys.join(' ')}`;
  }
  const gotRuns = runs(got);
  const wantRuns = runs(want);
  const cutFirst = (c.skip ?? 0) > 0;
  const cutLast = c.limit !== undefined && want.docs.length === c.limit;
  for (const [i, run] of wantRuns.entries()) {
    if ((i === 0 && cutFirst) || (i === wantRuns.length - 1 && cutLast)) continue;
    const diff = setDifference(gotRuns[i]?.docs ?? [], run.docs);
    if (diff) return `documents with sort key ${run.key} differ: ${diff}`;
  }
  return null;
}

function runs(outcome: { docs: string[]; keys: string[] }): { key: string; docs: string[] }[] {
  const result: { key: string; docs: string[] }[] = [];
  outcome.keys.forEach((key, i) => {
    const last = result.at(-1);
    const doc = outcome.docs[i] ?? '';
    if (last?.key === key) last.docs.push(doc);
    else result.push({ key, docs: [doc] });
  });
  return result;
}

function firstMismatch(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

function difference(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(x) ?? 0;
    left.set(x, n - 1);
    return n <= 0;
  });
}

function sample(docs: string[]): string {
  return docs.length === 0
    ? 'none'
    : `${docs.length}: ${docs.slice(0, 3).join(' ')}${docs.length > 3 ? ' …' : ''}`;
}

function idOf(doc: string | undefined): string {
  return doc === undefined ? '(none)' : ejson((BSON.EJSON.parse(doc) as { _id: unknown })._id);
}

function ids(docs: string[]): string {
  const shown = docs.slice(0, 12).map(idOf).join(' ');
  return docs.length > 12 ? `${shown} …` : shown;
}

/** A value's place in MongoDB's sort order, as [type rank, comparable value]. */
type Key = [number, number | string];

/**
 * The tie class of a sort field's value: equal strings for values a sort may put in either order. Numbers of
 * any type compare by value, null and missing tie, and an array sorts by its least (ascending) or greatest
 * (descending) element. Values that might tie are merged rather than split: a split would flag a correct answer.
 */
export function sortKey(value: unknown, descending: boolean): string {
  return JSON.stringify(keyOf(value, descending));
}

function keyOf(value: unknown, descending: boolean): Key {
  if (Array.isArray(value)) {
    if (value.length === 0) return [-1, ''];
    const keys = value.map((v) => keyOf(v, descending));
    return keys.reduce((best, k) => (compareKeys(k, best) * (descending ? -1 : 1) < 0 ? k : best));
  }
  if (value === undefined || value === null) return [1, ''];
  if (typeof value === 'number') return [2, value === 0 ? 0 : value];
  if (value instanceof Int32 || value instanceof Double) return [2, value.value === 0 ? 0 : value.value];
  if (value instanceof Long) return [2, value.toNumber()];
  if (typeof value === 'string') return [3, value];
  if (value instanceof Binary) return [6, value.toString('base64')];
  if (value instanceof ObjectId) return [7, value.toHexString()];
  if (typeof value === 'boolean') return [8, value ? 1 : 0];
  if (value instanceof Date) return [9, value.getTime()];
  if (value instanceof Timestamp) return [10, value.toString()];
  if (value instanceof BSONRegExp) return [11, `${value.pattern}/${value.options}`];
  return [4, ejson(value)];
}

function compareKeys(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (typeof a[1] === 'number' && typeof b[1] === 'number') return a[1] - b[1];
  return Buffer.compare(Buffer.from(String(a[1])), Buffer.from(String(b[1])));
}

/**
 * The index a query on `filter` sorted by `sort` would hint: the one whose leading fields the filter pins with
 * top-level equalities (or `$in`) the longest way, followed by the sort's field; null when none reads in order.
 */
export function hintFor(
  indexes: Record<string, 1 | -1>[],
  filter: Document,
  sort: Record<string, 1 | -1> | undefined,
): Record<string, 1 | -1> | null {
  const pinned = (field: string) => {
    const value = filter[field];
    if (value === undefined) return false;
    if (value && typeof value === 'object' && !('_bsontype' in value))
      return '$in' in value || '$eq' in value;
    return true;
  };
  const [sortField] = Object.keys(sort ?? {});
  let best: Record<string, 1 | -1> | null = null;
  let bestPrefix = -1;
  for (const index of indexes) {
    const fields = Object.keys(index);
    let prefix = 0;
    while (prefix < fields.length && pinned(fields[prefix] as string)) prefix++;
    if (prefix === 0 || (sortField !== undefined && fields[prefix] !== sortField)) continue;
    if (prefix > bestPrefix) [best, bestPrefix] = [index, prefix];
  }
  return best;
}

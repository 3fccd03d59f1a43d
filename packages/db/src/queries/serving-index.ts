import type { Model } from 'mongoose';

/** An index key as mongoose declares it and a query hints it. */
export type IndexKey = Record<string, 1 | -1>;

/**
 * The declared index that serves a query of plain equalities on `equalities` read in `_id` order: the one whose
 * leading fields are the longest run of those equalities, followed by `_id`. Queries hint it, which is how they
 * declare their index: MongoDB then uses no other, and FerretDB (index-pushdown patch) reads the order from it,
 * trusting the schema's one type per field. Null when no declared index serves the query.
 */
export function idOrderIndex(
  // biome-ignore lint/suspicious/noExplicitAny: any model's declared indexes.
  model: Model<any>,
  equalities: Iterable<string>,
): IndexKey | null {
  return longestPrefixIndex(model, equalities, '_id');
}

/**
 * The declared index that narrows a query to a range of `rangeField` behind equalities on `equalities` (null
 * included): the one whose leading fields are the longest run of those equalities, followed by `rangeField`.
 * A query that hints it and sorts by `_id` reads only the range, sorted by the database (on FerretDB, SQLite
 * sorts the range's rows and the handler decodes a page): the way to list a short range of a long history, such
 * as a company's overdue requests, newest first. Null when no declared index serves it.
 */
export function rangeIndex(
  // biome-ignore lint/suspicious/noExplicitAny: any model's declared indexes.
  model: Model<any>,
  equalities: Iterable<string>,
  rangeField: string,
): IndexKey | null {
  return longestPrefixIndex(model, equalities, rangeField);
}

/** The declared index whose leading fields are the longest run of `equalities`, followed by `next`. */
// biome-ignore lint/suspicious/noExplicitAny: any model's declared indexes.
function longestPrefixIndex(model: Model<any>, equalities: Iterable<string>, next: string): IndexKey | null {
  const pinned = new Set(equalities);
  let best: IndexKey | null = null;
  let bestPrefix = -1;
  for (const [key] of model.schema.indexes() as [IndexKey, unknown][]) {
    const fields = Object.keys(key);
    let prefix = 0;
    while (prefix < fields.length && pinned.has(fields[prefix] as string)) prefix++;
    if (fields[prefix] === next && prefix > bestPrefix) [best, bestPrefix] = [key, prefix];
  }
  return best;
}

/**
 * The fields a filter pins with a plain value, null included (not an operator document such as `{$lt: …}`): an
 * equality with null is served by an index on MongoDB, and on FerretDB wherever no row lacks the field.
 */
export function equalityFields(filter: Record<string, unknown>): string[] {
  return Object.entries(filter)
    .filter(([key, value]) => {
      if (key.startsWith('$')) return false;
      if (value === null || typeof value !== 'object') return true;
      return !Object.keys(value).some((k) => k.startsWith('$'));
    })
    .map(([key]) => key);
}

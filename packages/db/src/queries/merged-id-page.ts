import type { Model, Types } from 'mongoose';
import { equalityFields, idOrderIndex, rangeIndex } from './serving-index.ts';

/** A filter of plain equalities (plus row conditions) that one index range serves in `_id` order. */
export type Branch = Record<string, unknown>;

/** How a page is read: its order, where it starts, its size, and the field whose range narrows it, if any. */
export interface IdPage {
  order: 1 | -1;
  after: Types.ObjectId | null;
  limit: number;
  /**
   * A field each branch holds a short range of (a company's overdue requests: open, scheduled before now): the
   * read hints the index `{<branch's fields>, <field>}` and has the database sort the range by `_id`, instead of
   * walking the branch's history in `_id` order until a page of matches is found.
   */
  narrowBy?: string;
  /**
   * The ObjectId field the page is ordered by and `after` applies to: `_id` unless given. Another field (the
   * search terms' `request`) must end a declared index `{<branch's fields>, <field>}`, which the read hints.
   */
  orderBy?: string;
  /** The fields read; all but the outbox when not given. */
  projection?: Record<string, 0 | 1>;
}

/** A merged page and whether it holds the last rows of every branch (nothing comes after it). */
export interface MergedPage<Doc> {
  rows: Doc[];
  exhausted: boolean;
}

/**
 * The first `limit` documents, in `_id` order, that match any of the branches, after `after` when given (within
 * a branch's own `_id` bounds, if it has any). Each
 * branch reads at most `limit` documents from its own index range (in parallel); duplicates (a request seen by
 * two branches) are dropped. Each read hints the declared index `{<branch's fields>, _id}` that serves it, or
 * the one of `narrowBy`.
 */
export async function mergedIdPage<Doc extends { _id: Types.ObjectId }>(
  // biome-ignore lint/suspicious/noExplicitAny: the documents are typed by the caller.
  model: Model<any>,
  branches: Branch[],
  page: IdPage,
): Promise<Doc[]> {
  return (await mergedPage<Doc>(model, branches, page)).rows;
}

/**
 * {@link mergedIdPage}, ordered by `page.orderBy`, saying whether the page is the last. Documents that share the
 * order field's value count once (two search terms of one request), so a branch can bring fewer distinct values
 * than it read: the page then ends at the last value every branch that may hold more has passed, and can be
 * shorter than `limit` without being the last.
 */
export async function mergedPage<Doc extends object>(
  // biome-ignore lint/suspicious/noExplicitAny: the documents are typed by the caller.
  model: Model<any>,
  branches: Branch[],
  page: IdPage,
): Promise<MergedPage<Doc>> {
  if (branches.length === 0 || page.limit <= 0) return { rows: [], exhausted: true };
  const orderBy = page.orderBy ?? '_id';
  const keyOf = (doc: Doc) => String((doc as Record<string, unknown>)[orderBy]);
  const parts = (await Promise.all(
    branches.map((branch) => {
      const query = model
        .find(afterCursor(branch, page, orderBy), page.projection ?? { outbox: 0 })
        .sort({ [orderBy]: page.order });
      const equalities = equalityFields(branch);
      const index =
        (page.narrowBy ? rangeIndex(model, equalities, page.narrowBy) : null) ??
        (orderBy === '_id' ? idOrderIndex(model, equalities) : rangeIndex(model, equalities, orderBy));
      return (index ? query.hint(index) : query).limit(page.limit).batchSize(page.limit).lean();
    }),
  )) as unknown as Doc[][];
  const full = parts.filter((part) => part.length >= page.limit);
  const before = (a: string, b: string) => page.order * (a < b ? -1 : a > b ? 1 : 0);
  // Beyond the last value of a branch that may hold more, another of its documents could come first.
  const ends = full.map((part) => keyOf(part.at(-1) as Doc)).sort(before);
  const end = ends[0];
  const unique = new Map<string, Doc>();
  for (const doc of parts.flat()) {
    const key = keyOf(doc);
    if (!unique.has(key) && (end === undefined || before(key, end) <= 0)) unique.set(key, doc);
  }
  const rows = [...unique.values()].sort((a, b) => before(keyOf(a), keyOf(b)));
  return { rows: rows.slice(0, page.limit), exhausted: full.length === 0 && rows.length <= page.limit };
}

/** The branch with the page's start added to its own condition on the order field. */
export function afterCursor(branch: Branch, page: IdPage, orderBy: string): Branch {
  if (!page.after) return branch;
  const own = branch[orderBy];
  const bounds = own && typeof own === 'object' && !('_bsontype' in own) ? own : own ? { $eq: own } : {};
  return { ...branch, [orderBy]: { ...bounds, [page.order === 1 ? '$gt' : '$lt']: page.after } };
}

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
  /** The fields read; all but the outbox when not given. */
  projection?: Record<string, 0 | 1>;
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
  if (branches.length === 0 || page.limit <= 0) return [];
  const parts = (await Promise.all(
    branches.map((branch) => {
      const query = model
        .find(afterCursor(branch, page), page.projection ?? { outbox: 0 })
        .sort({ _id: page.order });
      const equalities = equalityFields(branch);
      const index =
        (page.narrowBy ? rangeIndex(model, equalities, page.narrowBy) : null) ??
        idOrderIndex(model, equalities);
      return (index ? query.hint(index) : query).limit(page.limit).lean();
    }),
  )) as unknown as Doc[][];
  if (parts.length === 1) return parts[0] ?? [];
  const unique = new Map<string, Doc>();
  for (const doc of parts.flat()) unique.set(doc._id.toString(), doc);
  const byId = (a: Doc, b: Doc) => page.order * (a._id.toString() < b._id.toString() ? -1 : 1);
  return [...unique.values()].sort(byId).slice(0, page.limit);
}

/** The branch with the page's start added to its own `_id` condition. */
function afterCursor(branch: Branch, page: IdPage): Branch {
  if (!page.after) return branch;
  const own = branch._id;
  const bounds = own && typeof own === 'object' && !('_bsontype' in own) ? own : own ? { $eq: own } : {};
  return { ...branch, _id: { ...bounds, [page.order === 1 ? '$gt' : '$lt']: page.after } };
}

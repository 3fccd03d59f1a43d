import type { Model, Types } from 'mongoose';
import { afterCursor, type Branch, type IdPage } from './merged-id-page.ts';
import { equalityFields, rangeIndex } from './serving-index.ts';
import { unlessNotImplemented } from './unless-not-implemented.ts';

/** A page of one field's values and whether it holds the last of them (nothing comes after it). */
export interface ValuesPage {
  values: Types.ObjectId[];
  exhausted: boolean;
}

/** Databases whose server has no `$push` accumulator (FerretDB 1.24 as released): their lists are read by a find. */
const withoutPush = new WeakSet<object>();

/**
 * The `page.orderBy` values of the first `page.limit` documents of one branch, in that field's order after
 * `page.after`, each value once. One aggregation (`$match`, `$sort`, `$limit`, `$group` of `$push`) hinting the
 * declared index `{<branch's fields>, <orderBy>, …}`: FerretDB as built here answers it from the index entries
 * without reading a document (`push-pushdown.patch`), where a find would return each document (about 20 µs a
 * search term, against about 1 µs an entry). MongoDB answers it as it stands. A server without `$push` (FerretDB
 * as released) gets the find instead, from then on. The branch's values must be of the schema's types, as the
 * aggregation is not cast. Values come once each.
 */
export async function orderedValuesPage(
  // biome-ignore lint/suspicious/noExplicitAny: any model's declared indexes.
  model: Model<any>,
  branch: Branch,
  page: Omit<IdPage, 'narrowBy' | 'projection'> & { orderBy: string },
): Promise<ValuesPage> {
  const { orderBy } = page;
  const index = rangeIndex(model, equalityFields(branch), orderBy);
  if (!index)
    throw new Error(`no declared index of ${model.modelName} serves ${orderBy} after its equalities`);
  const match = afterCursor(branch, page, orderBy);
  const found = async () =>
    (
      await model
        .find(match, { [orderBy]: 1, _id: 0 })
        .sort({ [orderBy]: page.order })
        .hint(index)
        .limit(page.limit)
        .batchSize(page.limit + 1)
        .lean<Record<string, Types.ObjectId>[]>()
    ).map((doc) => doc[orderBy] as Types.ObjectId);
  const pushed = async () => {
    const [list] = await model
      .aggregate<{ values: Types.ObjectId[] }>([
        { $match: match },
        { $sort: { [orderBy]: page.order } },
        { $limit: page.limit },
        { $group: { _id: null, values: { $push: `$${orderBy}` } } },
      ])
      .hint(index);
    return list?.values ?? [];
  };
  const read = await unlessNotImplemented(withoutPush, model.db, pushed, found);
  // Documents may share a value (a request holding a search term under two revisions): next to each other in the
  // order, kept once.
  const values = read.filter((value, i) => i === 0 || !value.equals(read[i - 1] as Types.ObjectId));
  return { values, exhausted: read.length < page.limit };
}

import type { Model, Types } from 'mongoose';
import { afterCursor, type Branch, type IdPage } from './merged-id-page.ts';
import { orderedValuesPage, type ValuesPage } from './ordered-values.ts';
import { equalityFields, rangeIndex } from './serving-index.ts';
import { intersectSorted } from './sorted-ids.ts';
import { unlessNotImplemented } from './unless-not-implemented.ts';

/** Databases whose server has no `$addToSet` accumulator (FerretDB 1.24 as released): lists intersected here. */
const withoutAddToSet = new WeakSet<object>();

/** Values listed per read where the server cannot intersect: the fallback reads each list whole. */
const fallbackChunk = 10_000;

/** Distinct values of one field that a document must be found with, each: the search terms of every word. */
export interface EveryValue {
  field: string;
  values: readonly string[];
}

/**
 * The `page.orderBy` values, in that field's order after `page.after` and up to `page.limit`, that the branch's
 * documents hold with each of `every.values` in `every.field`: the requests that have the terms of every word of
 * a search. One aggregation (`$match` of the values with `$in`, `$group` by `orderBy` with `$addToSet`, `$match`
 * of the set's `$size`, `$sort`, `$limit`, `$group` of `$push`) hinting the declared index
 * `{<branch's fields>, <every.field>, <orderBy>, …}`: FerretDB as built here answers it by merging the index
 * ranges of the values in order, without reading a document, and stops at the limit (`intersect-pushdown.patch`),
 * so two common words that never meet cost a pass over their index entries in SQLite, not a list of each in the
 * handler. MongoDB answers it as it stands. A server without `$addToSet` (FerretDB as released) gets each value's
 * list read whole instead, intersected here, from then on. With one value, the value's list.
 */
export async function commonValuesPage(
  // biome-ignore lint/suspicious/noExplicitAny: any model's declared indexes.
  model: Model<any>,
  branch: Branch,
  every: EveryValue,
  page: Omit<IdPage, 'narrowBy' | 'projection'> & { orderBy: string },
): Promise<ValuesPage> {
  const values = [...new Set(every.values)];
  const [only] = values;
  if (only === undefined) throw new Error(`commonValuesPage needs at least one value of ${every.field}`);
  if (values.length === 1) return orderedValuesPage(model, { ...branch, [every.field]: only }, page);
  const { orderBy } = page;
  const index = rangeIndex(model, [...equalityFields(branch), every.field], orderBy);
  if (!index)
    throw new Error(
      `no declared index of ${model.modelName} serves ${orderBy} after its equalities and ${every.field}`,
    );
  const match = { ...afterCursor(branch, page, orderBy), [every.field]: { $in: values } };
  const intersected = async (): Promise<ValuesPage> => {
    const [list] = await model
      .aggregate<{ values: Types.ObjectId[] }>([
        { $match: match },
        { $group: { _id: `$${orderBy}`, all: { $addToSet: `$${every.field}` } } },
        { $match: { all: { $size: values.length } } },
        { $sort: { _id: page.order } },
        { $limit: page.limit },
        { $group: { _id: null, values: { $push: '$_id' } } },
      ])
      .hint(index);
    const found = list?.values ?? [];
    return { values: found, exhausted: found.length < page.limit };
  };
  return unlessNotImplemented(withoutAddToSet, model.db, intersected, () =>
    listedAndIntersected(model, branch, every.field, values, page),
  );
}

/** {@link commonValuesPage} on a server that cannot intersect: each value's list read whole, intersected here. */
async function listedAndIntersected(
  // biome-ignore lint/suspicious/noExplicitAny: any model's declared indexes.
  model: Model<any>,
  branch: Branch,
  field: string,
  values: readonly string[],
  page: Omit<IdPage, 'narrowBy' | 'projection'> & { orderBy: string },
): Promise<ValuesPage> {
  let common: Types.ObjectId[] | null = null;
  for (const value of values) {
    const listed: Types.ObjectId[] = [];
    for (let after = page.after, exhausted = false; !exhausted; after = listed.at(-1) ?? after) {
      const chunk = await orderedValuesPage(
        model,
        { ...branch, [field]: value },
        { ...page, after, limit: fallbackChunk },
      );
      listed.push(...chunk.values);
      exhausted = chunk.exhausted;
    }
    common = common ? intersectSorted(common, listed, page.order) : listed;
    if (common.length === 0) break;
  }
  const found = common ?? [];
  return { values: found.slice(0, page.limit), exhausted: found.length <= page.limit };
}

import { equalityFields, idOrderIndex } from '@fixstream/db';
import { type Model, Types } from 'mongoose';

/** One page of a list, newest first, and the cursor of the next page (null on the last one). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Pages by `_id` (time-ordered), so a page never shifts when records are added meanwhile, and no offset makes a
 * deep page slow. Hints the declared index `{<filter's fields>, _id}` that reads the page in order.
 */
export async function paginate<Doc extends { _id: { toString(): string } }, Out>(
  // biome-ignore lint/suspicious/noExplicitAny: every model pages the same way; rows are typed by `map`.
  model: Model<any>,
  filter: Record<string, unknown>,
  options: { cursor?: string | undefined; limit: number; projection?: Record<string, 0 | 1> },
  map: (doc: Doc) => Out,
): Promise<Page<Out>> {
  const query = options.cursor ? { ...filter, _id: { $lt: new Types.ObjectId(options.cursor) } } : filter;
  const find = model.find(query, options.projection ?? {}).sort({ _id: -1 });
  const index = idOrderIndex(model, equalityFields(filter));
  const docs = (await (index ? find.hint(index) : find).limit(options.limit + 1).lean()) as unknown as Doc[];
  const page = docs.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: docs.length > options.limit && last ? last._id.toString() : null,
  };
}

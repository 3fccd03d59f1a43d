import { z } from 'zod';

/** The output schema of one page of `item` (see `paginate`). */
export function pageOutput<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

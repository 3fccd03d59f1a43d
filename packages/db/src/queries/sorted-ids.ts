import type { Types } from 'mongoose';

/** ObjectIds compared as their bytes, which is the order of the database. */
export function compareIds(a: Types.ObjectId, b: Types.ObjectId): number {
  return Buffer.compare(a.id, b.id);
}

/** The ids both lists hold; each list is in `order` and holds an id once. */
export function intersectSorted(
  a: readonly Types.ObjectId[],
  b: readonly Types.ObjectId[],
  order: 1 | -1,
): Types.ObjectId[] {
  const both: Types.ObjectId[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const step = order * compareIds(a[i] as Types.ObjectId, b[j] as Types.ObjectId);
    if (step === 0) both.push(a[i] as Types.ObjectId);
    if (step <= 0) i++;
    if (step >= 0) j++;
  }
  return both;
}

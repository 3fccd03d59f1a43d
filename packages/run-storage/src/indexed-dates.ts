/**
 * The dates an index range may be read between: from 2001-09-09 to 2286-11-20, the dates of 13-digit
 * milliseconds. FerretDB (as this project builds it) reads a date range from an index, and in its order, only
 * between two such dates, so every date range a query wants served by an index is bounded on both sides, with
 * these where the query itself has no bound. Nothing in this product is dated outside them; on MongoDB the
 * bounds cost nothing.
 */
export const INDEXED_DATES_FROM = new Date(1_000_000_000_000);
export const INDEXED_DATES_UNTIL = new Date(9_999_999_999_999);

/** `{ $gte: from, $lt: until }`, each side defaulting to the indexed dates' bound. */
export function indexedDates(range: { from?: Date; until?: Date } = {}): { $gte: Date; $lt: Date } {
  return { $gte: range.from ?? INDEXED_DATES_FROM, $lt: range.until ?? INDEXED_DATES_UNTIL };
}

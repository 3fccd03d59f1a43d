/**
 * The earliest date a date range read from an index may start at: 2001-09-09, the first date of 13-digit
 * milliseconds. FerretDB's index pushdown reads a date range from an index only between two such dates, so the
 * job queries bound their ranges below with it; nothing in this product is dated earlier.
 */
export const INDEXED_DATES_FROM = new Date(1_000_000_000_000);

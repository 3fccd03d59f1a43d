/** The indexes of the inserts a bulk write refused as duplicates; rethrows any other failure. */
export function duplicateIndexes(error: unknown): Set<number> {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : null;
  if (!list) throw error;
  const indexes = new Set<number>();
  for (const writeError of list as { index: number; code: number }[]) {
    if (writeError.code !== 11000) throw error;
    indexes.add(writeError.index);
  }
  return indexes;
}

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/** Splits a long `$in` list so no query grows past what a server accepts comfortably. */
export function chunks<T>(items: readonly T[], size = 1_000): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

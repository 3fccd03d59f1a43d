/** MongoDB's `NotImplemented`, which FerretDB answers for a stage or accumulator it lacks. */
const notImplemented = 238;

/**
 * Runs `attempt`, unless the database's server has answered `NotImplemented` to it before: then, and from then on
 * for that database (remembered in `lacking`), `fallback`. Lets a query use what the FerretDB build here adds
 * (an accumulator, a pushdown's pipeline) and still run on a server without it (FerretDB as released).
 */
export function unlessNotImplemented<T>(
  lacking: WeakSet<object>,
  db: object,
  attempt: () => Promise<T>,
  fallback: () => Promise<T>,
): Promise<T> {
  if (lacking.has(db)) return fallback();
  return attempt().catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== notImplemented) throw error;
    lacking.add(db);
    return fallback();
  });
}

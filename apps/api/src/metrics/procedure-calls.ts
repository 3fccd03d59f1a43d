/** One procedure call of an HTTP request, as the duration histogram labels it. */
export interface ProcedureCall {
  /** The procedure's path, or `unknown` for a path the router does not have. */
  procedure: string;
  /** `OK`, or the tRPC error code the call ended with. */
  code: string;
}

/** An error tRPC reported for a request: for one call (`path`), or for the request as a whole (no path). */
export interface ReportedError {
  path: string | undefined;
  code: string;
}

/**
 * Which calls an HTTP request to /trpc carried and how each ended: the paths of its URL (comma-separated in a
 * batch), each paired with an error reported for that path, in order, else with a request-wide error, else `OK`.
 * Paths the router does not know become `unknown` and at most `maxCalls` calls are labelled, so neither a client's
 * made-up paths nor an oversized batch can grow the number of series.
 */
export function procedureCalls(request: {
  /** The URL path below the /trpc mount, e.g. `/requests.create` or `/auth.me,requests.list`. */
  path: string;
  batch: boolean;
  errors: readonly ReportedError[];
  known: ReadonlySet<string>;
  maxCalls: number;
}): ProcedureCall[] {
  const raw = decodePath(request.path.replace(/^\//, ''));
  const paths = (request.batch ? raw.split(',') : [raw]).slice(0, request.maxCalls);
  const byPath = new Map<string, string[]>();
  let requestWide: string | null = null;
  for (const error of request.errors) {
    if (error.path === undefined) requestWide ??= error.code;
    else byPath.set(error.path, [...(byPath.get(error.path) ?? []), error.code]);
  }
  return paths.map((path) => ({
    procedure: request.known.has(path) ? path : 'unknown',
    code: byPath.get(path)?.shift() ?? requestWide ?? 'OK',
  }));
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

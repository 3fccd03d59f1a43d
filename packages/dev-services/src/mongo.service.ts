import { join } from 'node:path';
import getPort from 'get-port';
import { findExecutable, spawnManaged } from './child-process.ts';
import { prepareDataDir } from './data-dir.ts';
import { ferretDbEnv } from './env.ts';
import { ensureFerretDb } from './ferretdb-binary.ts';
import { isListening, mongoPing, waitUntilReady } from './readiness.ts';

/** Which MongoDB-wire database is behind a {@link MongoService}. */
export type MongoKind = 'external' | 'mongod' | 'ferretdb';

/**
 * A MongoDB-wire database. `uri` is a base URI without a database name (for `external`: as given); put one in with
 * `mongoUriFor(uri, name)` so every test file and app gets its own database.
 */
export type MongoService = { uri: string; kind: MongoKind; stop(): Promise<void> };

/** Options of {@link startMongo}. */
export type StartMongoOptions = {
  /** Use this server (verified with a `ping`) and start nothing. */
  uri?: string;
  /** Exact port for a started server; a free one otherwise. */
  port?: number;
  /**
   * Data directory to keep between runs (`<dir>/mongod` or `<dir>/ferretdb`: the formats differ); a temp
   * directory removed on stop otherwise.
   */
  dir?: string;
  /** A FerretDB 1.24 binary to use; see `ensureFerretDb` for the lookup and build otherwise. */
  ferretdbBin?: string;
  /**
   * Extra command-line arguments for FerretDB, after the ones `startMongo` sets (e.g. `--test-disable-pushdown`,
   * so a test can compare FerretDB's own query paths). They only mean something to FerretDB, so with them (even
   * `[]`) FerretDB is started even when a `mongod` is on PATH, and a `uri` (nothing started) is refused.
   */
  ferretdbArgs?: string[];
  /**
   * FerretDB on SQLite syncs its write-ahead log on every commit (SQLite `synchronous=FULL`) unless this is false:
   * then it syncs at checkpoints (`synchronous=NORMAL`), so a crash of the process loses nothing, but a crash of
   * the machine may lose the last commits. For data that does not outlive the machine's uptime anyway (a test
   * run), where the syncs are most of a write's cost. Ignored for other databases.
   */
  syncEachCommit?: boolean;
  /** Do not echo the server's log lines. */
  quiet?: boolean;
  /** Startup timeout, not counting a FerretDB build. Default 30 s (FerretDB), 60 s (mongod). */
  timeoutMs?: number;
};

const HOST = '127.0.0.1';

/**
 * Provides a MongoDB-wire database for dev and tests, in this order: an explicit URI, a `mongod` on
 * PATH, else FerretDB 1.24 on SQLite (built on first use; always FerretDB with `ferretdbArgs`). Resolves once the
 * driver mongoose uses answers `ping`.
 */
export async function startMongo(opts: StartMongoOptions = {}): Promise<MongoService> {
  if (opts.uri && opts.ferretdbArgs)
    throw new Error('startMongo: ferretdbArgs need a started FerretDB, not a uri');
  if (opts.uri) {
    try {
      await mongoPing(opts.uri, opts.timeoutMs ?? 10_000);
    } catch (error) {
      throw new Error(`MongoDB at ${redact(opts.uri)} does not answer ping: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return { uri: opts.uri, kind: 'external', stop: async () => {} };
  }
  const mongod = opts.ferretdbArgs ? null : await findExecutable('mongod');
  if (mongod) {
    return startServer(opts, 'mongod', mongod, undefined, (dir, port) => [
      '--dbpath',
      dir,
      '--port',
      String(port),
      '--bind_ip',
      HOST,
    ]);
  }
  const ferretdb = await ensureFerretDb({ ferretdbBin: opts.ferretdbBin });
  return startServer(opts, 'ferretdb', ferretdb, ferretDbEnv(), (dir, port) => [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/${opts.syncEachCommit === false ? '?_pragma=synchronous(normal)' : ''}`,
    `--state-dir=${dir}`,
    `--listen-addr=${HOST}:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    // WARN logs every unsupported command (e.g. the driver's `endSessions` on close) with a full wire dump.
    '--log-level=error',
    ...(opts.ferretdbArgs ?? []),
  ]);
}

async function startServer(
  opts: StartMongoOptions,
  kind: 'mongod' | 'ferretdb',
  bin: string,
  /** The server's environment; this process's when undefined. */
  env: NodeJS.ProcessEnv | undefined,
  argsFor: (dir: string, port: number) => string[],
): Promise<MongoService> {
  const port = opts.port ?? (await getPort({ host: HOST }));
  if (await isListening(HOST, port))
    throw new Error(`cannot start ${kind}: ${HOST}:${port} is already in use`);
  const dir = await prepareDataDir(opts.dir === undefined ? undefined : join(opts.dir, kind), kind);
  const uri = `mongodb://${HOST}:${port}/`;
  const child = spawnManaged({
    name: kind,
    command: bin,
    args: argsFor(dir.path, port),
    env,
    quiet: opts.quiet,
    stopTimeoutMs: 15_000,
  });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await child.stop();
      await dir.cleanup();
    })();
    return stopping;
  };

  try {
    await waitUntilReady({
      child,
      what: `${kind} on ${HOST}:${port}`,
      timeoutMs: opts.timeoutMs ?? (kind === 'mongod' ? 60_000 : 30_000),
      check: async (remainingMs) => {
        if (!(await isListening(HOST, port))) return false;
        await mongoPing(uri, Math.min(remainingMs, 5_000));
        return true;
      },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri, kind, stop };
}

/** Hides a password in a connection string for error messages. */
function redact(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

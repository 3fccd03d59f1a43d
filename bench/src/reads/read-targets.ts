import { connectDatabase, type Database } from '@fixstream/db';
import { ensureFerretDbWithoutPushdown, mongoUriFor, startMongo } from '@fixstream/dev-services';
import getPort from 'get-port';
import { startApiApp } from '../proc/fixstream-apps.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import type { SampleOptions } from './sample-in-turn.ts';

/** A database under test, the compiled API in front of it, and the largest step it takes part in. */
export interface ReadTarget {
  kind: 'benchDb' | 'unpatched';
  db: Database;
  apiUrl: string;
  upTo: number;
  sampling: SampleOptions;
}

/**
 * Opens database `dbName` on the bench's server and, when that is FerretDB, on a second FerretDB started with
 * built without the index-pushdown patch, each with its indexes built (as the API builds them at startup) and an API process in
 * front. `stop` ends the APIs, drops the databases and stops the second FerretDB; it also runs when opening fails.
 */
export async function openReadTargets(
  ctx: BenchContext,
  dbName: string,
): Promise<{ targets: ReadTarget[]; stop(): Promise<void> }> {
  const { plan } = ctx;
  const cleanups: (() => Promise<unknown>)[] = [];
  const targets: ReadTarget[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  const open = async (kind: ReadTarget['kind'], uri: string, upTo: number, sampling: SampleOptions) => {
    const db = await connectDatabase(uri);
    cleanups.push(async () => {
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
    });
    const port = await getPort();
    const api = await startApiApp(ctx, {
      name: `api-reads-${kind}`,
      env: baseAppEnv(ctx, { mongoUri: uri, prefix: `bench:reads:${kind}:` }),
      port,
    });
    cleanups.push(() => api.stop());
    targets.push({ kind, db, apiUrl: `http://127.0.0.1:${port}`, upTo, sampling });
  };
  try {
    await open('benchDb', ctx.services.databaseUri(dbName), Number.POSITIVE_INFINITY, plan.reads.benchDb);
    if (ctx.services.mongoKind === 'ferretdb') {
      const server = await startMongo({
        quiet: true,
        ferretdbBin: await ensureFerretDbWithoutPushdown((message) => ctx.log(message)),
      });
      cleanups.push(() => server.stop());
      const { unpatched } = plan.reads;
      await open('unpatched', mongoUriFor(server.uri, dbName), unpatched.upTo, unpatched);
    } else ctx.log(`reads: no comparison without pushdown (the database is ${ctx.services.mongoKind})`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { targets, stop };
}

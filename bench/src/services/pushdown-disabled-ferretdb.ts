import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFerretDb, spawnManaged } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import getPort from 'get-port';
import mongoose from 'mongoose';

const host = '127.0.0.1';

/**
 * A second FerretDB, from the same build, started with `--test-disable-pushdown`: the read benchmark's comparison
 * for what pushing sorts, limits and counts down to SQLite buys. Not the stock release: 1.24.2 still hands `find`
 * and `aggregate` filters to the backend with that flag (its nested-pushdown step copies the filter back, and the
 * flag that would skip that step may not be combined with it), so the index pushdown still narrows their
 * filters; counts and every sort are done in memory over what the filter matched (counts over the whole
 * collection).
 *
 * Started here with the same flags as `startMongo` (packages/dev-services/src/mongo.service.ts), which takes no
 * extra FerretDB arguments yet; once `StartMongoOptions` has `ferretdbArgs`, this is
 * `startMongo({ quiet: true, ferretdbArgs: ['--test-disable-pushdown'] })`.
 */
export async function startPushdownDisabledFerretDb(): Promise<{ uri: string; stop(): Promise<void> }> {
  const bin = await ensureFerretDb();
  const dir = await mkdtemp(join(tmpdir(), 'fixstream-bench-no-pushdown-'));
  const port = await getPort({ host });
  const uri = `mongodb://${host}:${port}/`;
  const child = spawnManaged({
    name: 'ferretdb-no-pushdown',
    command: bin,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=${host}:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
      '--test-disable-pushdown',
    ],
    quiet: true,
    stopTimeoutMs: 15_000,
  });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await child.stop();
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  try {
    await waitFor(
      async () => {
        if (!child.running()) throw new Error(`FerretDB without pushdown exited:\n${child.recentOutput()}`);
        return answersPing(uri);
      },
      `the FerretDB without pushdown on ${host}:${port} to answer ping`,
      { timeoutMs: 30_000, intervalMs: 50 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri, stop };
}

async function answersPing(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 1_000 });
  try {
    await client.connect();
    return (await client.db('admin').command({ ping: 1 })).ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

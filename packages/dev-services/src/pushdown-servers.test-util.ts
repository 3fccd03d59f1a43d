import mongoose from 'mongoose';
import { ferretdbBinFromEnv } from './env.ts';
import { startMongo } from './mongo.service.ts';

type Db = mongoose.mongo.Db;

/** FerretDB as built here, and the reference it is compared with, each with one database open. */
export interface PushdownServers {
  withPushdown: Db;
  /** FerretDB with `--test-disable-pushdown`: its handler filters, sorts, counts and groups in memory. */
  withoutPushdown: Db;
  stop(): Promise<void>;
}

/**
 * Starts both servers and fills database `dbName` of each with `fill`. FERRETDB_BIN (as for `pnpm dev`) runs
 * them on another build, such as a change to a patch.
 */
export async function startPushdownServers(
  dbName: string,
  fill: (db: Db) => Promise<void>,
): Promise<PushdownServers> {
  const ferretdbBin = ferretdbBinFromEnv();
  const servers = await Promise.all([
    startMongo({ quiet: true, ferretdbBin, ferretdbArgs: [] }),
    startMongo({ quiet: true, ferretdbBin, ferretdbArgs: ['--test-disable-pushdown'] }),
  ]);
  const clients = await Promise.all(
    servers.map((server) => mongoose.mongo.MongoClient.connect(`${server.uri}${dbName}`)),
  );
  const [withPushdown, withoutPushdown] = clients.map((client) => client.db(dbName)) as [Db, Db];
  await Promise.all([withPushdown, withoutPushdown].map(fill));
  return {
    withPushdown,
    withoutPushdown,
    async stop() {
      await Promise.all(clients.map((client) => client.close()));
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

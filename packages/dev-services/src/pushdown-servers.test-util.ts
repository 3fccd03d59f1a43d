import mongoose from 'mongoose';
import { expect } from 'vitest';
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

/** An aggregation's documents as canonical extended JSON: answers compared type for type. */
export async function aggregateJson(
  db: Db,
  collection: string,
  pipeline: mongoose.mongo.Document[],
  hint?: mongoose.mongo.Document,
): Promise<string> {
  const docs = await db
    .collection(collection)
    .aggregate(pipeline, hint ? { hint } : {})
    .toArray();
  return mongoose.mongo.BSON.EJSON.stringify(docs, { relaxed: false });
}

/** One pipeline's answers: FerretDB as built here with the hint and without it, and the reference. */
export async function answersOf(
  servers: PushdownServers,
  collection: string,
  pipeline: mongoose.mongo.Document[],
  hint: mongoose.mongo.Document,
): Promise<{ hinted: string; unhinted: string; expected: string }> {
  const [hinted, unhinted, expected] = await Promise.all([
    aggregateJson(servers.withPushdown, collection, pipeline, hint),
    aggregateJson(servers.withPushdown, collection, pipeline),
    aggregateJson(servers.withoutPushdown, collection, pipeline),
  ]);
  return { hinted, unhinted, expected };
}

/**
 * Expects FerretDB as built here to answer each pipeline as the reference does, hinted and not (where a patch
 * cannot answer, it must leave the work to FerretDB's own stages); answers the hinted answers, in order.
 */
export async function expectAnswersAsReference(
  servers: PushdownServers,
  collection: string,
  hint: mongoose.mongo.Document,
  pipelines: mongoose.mongo.Document[][],
): Promise<string[]> {
  const answers: string[] = [];
  for (const pipeline of pipelines) {
    const { hinted, unhinted, expected } = await answersOf(servers, collection, pipeline, hint);
    expect(hinted, JSON.stringify(pipeline)).toBe(expected);
    expect(unhinted, JSON.stringify(pipeline)).toBe(expected);
    answers.push(hinted);
  }
  return answers;
}

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FERRETDB_GOGC } from './env.ts';
import { type MongoService, startMongo } from './mongo.service.ts';
import { mongoUriFor } from './mongo-uri.ts';
import { isListening } from './readiness.ts';

const connections: mongoose.Connection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});

async function connect(baseUri: string, dbName: string): Promise<mongoose.Connection> {
  const connection = await mongoose
    .createConnection(mongoUriFor(baseUri, dbName), { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  connections.push(connection);
  return connection;
}

const userSchema = new mongoose.Schema(
  {
    email: { type: String, required: true, unique: true },
    name: String,
    visits: { type: Number, default: 0 },
  },
  { timestamps: true },
);

describe('startMongo (local server)', () => {
  let mongo: MongoService;
  let startupMs = 0;

  beforeAll(async () => {
    const started = performance.now();
    mongo = await startMongo({ quiet: true });
    startupMs = performance.now() - started;
  });
  afterAll(() => mongo?.stop());

  it('is a mongod or FerretDB on 127.0.0.1 with a base URI', () => {
    console.info(`[mongo.service.int.test] ${mongo.kind} ready in ${startupMs.toFixed(0)} ms`);
    expect(['mongod', 'ferretdb']).toContain(mongo.kind);
    expect(mongo.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("runs FerretDB with the collector setting of FERRETDB_GOGC, or the environment's GOGC", async () => {
    if (mongo.kind !== 'ferretdb') return;
    const listen = `--listen-addr=${new URL(mongo.uri).host}`;
    const environs: string[][] = [];
    for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      const [command, ...args] = cmdline.split('\0');
      if (command?.endsWith('/ferretdb') && args.includes(listen))
        environs.push((await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0'));
    }
    expect(environs).toHaveLength(1);
    expect(environs[0]).toContain(`GOGC=${process.env.GOGC?.trim() || FERRETDB_GOGC}`);
  });

  it('works with mongoose: unique index, insert, find, update, duplicate key 11000', async () => {
    const connection = await connect(mongo.uri, 'dev_services_mongoose');
    const User = connection.model('User', userSchema);
    await User.init();
    const indexes = await User.collection.indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: { email: 1 }, unique: true })]),
    );

    const alice = await User.create({ email: 'alice@example.test', name: 'Alice' });
    const found = await User.findOne({ email: 'alice@example.test' }).lean();
    expect(found).toMatchObject({ name: 'Alice', visits: 0 });
    expect(String(found?._id)).toBe(String(alice._id));
    await User.updateOne({ _id: alice._id }, { $inc: { visits: 2 } });
    expect((await User.findById(alice._id).lean())?.visits).toBe(2);

    const duplicate = await User.create({ email: 'alice@example.test', name: 'Alice again' }).catch((e) => e);
    expect(duplicate).toBeInstanceOf(mongoose.mongo.MongoServerError);
    expect(duplicate.code).toBe(11000);

    const bulk = await User.insertMany(
      [{ email: 'bob@example.test' }, { email: 'alice@example.test' }, { email: 'carol@example.test' }],
      { ordered: false },
    ).catch((e) => e);
    expect(bulk.code).toBe(11000);
    expect(await User.countDocuments()).toBe(3);
    await connection.dropDatabase();
  });

  it('answers lookups by `_id` (equality, `$in`, with other conditions) exactly as a filter says', async () => {
    const connection = await connect(mongo.uri, 'dev_services_ids');
    const things = connection.collection<{ _id: string | number | mongoose.Types.ObjectId; n: number }>(
      'things',
    );
    const oid = new mongoose.Types.ObjectId();
    await things.insertMany([
      ...Array.from({ length: 50 }, (_, n) => ({ _id: `key-${n}`, n })),
      { _id: oid, n: 50 },
      { _id: 51, n: 51 },
    ]);
    const ids = (docs: { _id: unknown }[]) => docs.map((doc) => String(doc._id)).sort();
    expect(ids(await things.find({ _id: { $in: ['key-3', 'key-40', 'missing', oid] } }).toArray())).toEqual(
      ['key-3', 'key-40', String(oid)].sort(),
    );
    expect(ids(await things.find({ _id: { $in: ['key-3', 51] } }).toArray())).toEqual(['51', 'key-3']);
    expect(ids(await things.find({ _id: { $in: ['key-3', 'key-4'] }, n: 4 }).toArray())).toEqual(['key-4']);
    expect(ids(await things.find({ _id: { $in: [] } }).toArray())).toEqual([]);
    expect(ids(await things.find({ _id: { $nin: ['key-0'] }, n: { $lt: 2 } }).toArray())).toEqual(['key-1']);
    expect(ids(await things.find({ _id: 'key-7', n: 7 }).toArray())).toEqual(['key-7']);
    await connection.dropDatabase();
  });

  // Hundreds of updates at once used to take every pooled SQLite connection for their reads and then wait
  // forever for one to write with (the release build stalls here); the project's build reads before it writes.
  it('applies hundreds of concurrent writes from several connections, each exactly once', async () => {
    const writers = await Promise.all([1, 2, 3].map(() => connect(mongo.uri, 'dev_services_writers')));
    const docs = (w: number) => Array.from({ length: 600 }, (_, n) => ({ _id: `w${w}-${n}`, n, w }));
    await Promise.all(
      writers.map(async (connection, w) => {
        const things = connection.collection<{ _id: string; n: number; w: number; done?: boolean }>('things');
        await Promise.all(docs(w).map((doc) => things.insertOne(doc)));
        await Promise.all(docs(w).map((doc) => things.updateOne({ _id: doc._id }, { $set: { done: true } })));
        await things.deleteMany({
          _id: {
            $in: docs(w)
              .filter((doc) => doc.n % 2 === 0)
              .map((doc) => doc._id),
          },
        });
      }),
    );
    const things = writers[0]?.collection('things');
    expect(await things?.countDocuments({})).toBe(900);
    expect(await things?.countDocuments({ done: true })).toBe(900);
    await writers[0]?.dropDatabase();
  }, 120_000);

  it('keeps databases apart by name', async () => {
    const one = await connect(mongo.uri, 'dev_services_one');
    const two = await connect(mongo.uri, 'dev_services_two');
    await one.collection('things').insertOne({ n: 1 });
    expect(await two.collection('things').countDocuments()).toBe(0);
    await Promise.all([one.dropDatabase(), two.dropDatabase()]);
  });

  it('passes an external URI through after a ping, and rejects one that does not answer', async () => {
    const external = await startMongo({ uri: mongo.uri });
    expect(external).toMatchObject({ uri: mongo.uri, kind: 'external' });
    await external.stop();
    expect(await isListening('127.0.0.1', Number(new URL(mongo.uri).port))).toBe(true);

    await expect(startMongo({ uri: 'mongodb://127.0.0.1:9/', timeoutMs: 300 })).rejects.toThrow(
      /does not answer ping/,
    );
  });
});

describe('startMongo with a data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fixstream-mongo-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps data across a stop and a restart on the same port (as `pnpm dev` relies on)', async () => {
    const first = await startMongo({ quiet: true, dir });
    const port = Number(new URL(first.uri).port);
    const before = await connect(first.uri, 'dev_services_persist');
    await before.collection('notes').insertOne({ text: 'still here' });
    await before.close();
    await first.stop();
    await first.stop();
    expect(await isListening('127.0.0.1', port)).toBe(false);

    const second = await startMongo({ quiet: true, dir, port });
    try {
      expect(second.uri).toBe(first.uri);
      const after = await connect(second.uri, 'dev_services_persist');
      expect(await after.collection('notes').findOne({}, { projection: { _id: 0 } })).toEqual({
        text: 'still here',
      });
      await after.close();
    } finally {
      await second.stop();
    }
  });
});

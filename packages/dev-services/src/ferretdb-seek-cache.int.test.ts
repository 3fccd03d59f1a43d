import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PushdownServers, startPushdownServers } from './pushdown-servers.test-util.ts';

type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;
const { ObjectId } = mongoose.mongo;

const COLLECTION = 'requests';
const byStage = { company: 1, status: 1, _id: -1 } as const;
const byClose = { company: 1, closedAt: 1, _id: 1 } as const;
const company = new ObjectId();

function fixture(): Document[] {
  return Array.from({ length: 120 }, (_, i) => ({
    _id: new ObjectId(),
    company,
    status: ['open', 'closed', 'held'][i % 3],
    closedAt: i % 3 === 1 ? new Date(Date.UTC(2026, 0, 1 + (i % 28))) : null,
  }));
}

const docs = fixture();

// The planner's index seeks (is there an array, a row without the field, an _id that is not an ObjectId in this
// range?) decide what goes to the index, and `seek-cache.patch` keeps their answers until the table's next insert
// or update. Every write below changes an answer the reads before it were planned with; the reads after it must
// see the write, as the reference (`--test-disable-pushdown`, no seeks) does.
describe('FerretDB seek answers kept between writes (SQLite)', () => {
  let servers: PushdownServers;
  let dbs: Db[];

  beforeAll(async () => {
    servers = await startPushdownServers('seeks', async (db) => {
      await db.collection(COLLECTION).insertMany(docs.map((doc) => ({ ...doc })));
      await db.collection(COLLECTION).createIndexes([{ key: byStage }, { key: byClose }]);
    });
    dbs = [servers.withPushdown, servers.withoutPushdown];
  }, 60_000);

  afterAll(async () => {
    await servers?.stop();
  });

  const find = (db: Db, filter: Document, hint: Document) =>
    db.collection(COLLECTION).find(filter).hint(hint).sort({ _id: -1 }).toArray();
  const count = async (db: Db, filter: Document, hint: Document) =>
    Number((await db.command({ count: COLLECTION, query: filter, hint })).n);

  /** Reads twice on both servers (the second from kept answers), compares, and returns the patched server's. */
  async function read(filter: Document, hint: Document): Promise<Document[]> {
    let found: Document[] = [];
    for (let round = 0; round < 2; round++) {
      const [patched, reference] = await Promise.all(dbs.map((db) => find(db, filter, hint)));
      const [patchedCount, referenceCount] = await Promise.all(dbs.map((db) => count(db, filter, hint)));
      expect(patched).toEqual(reference);
      expect(patchedCount).toBe(referenceCount);
      found = patched as Document[];
    }
    return found;
  }

  const onBoth = (write: (db: Db) => Promise<unknown>) => Promise.all(dbs.map(write));

  it('finds an array inserted into a field whose range held none', async () => {
    const filter = { company, status: 'open' };
    const before = await read(filter, byStage);
    const withArray = new ObjectId();
    await onBoth((db) =>
      db
        .collection(COLLECTION)
        .insertOne({ _id: withArray, company, status: ['held', 'open'], closedAt: null }),
    );
    const after = await read(filter, byStage);
    expect(after.map((doc) => doc._id.toString())).toContain(withArray.toString());
    expect(after).toHaveLength(before.length + 1);
  });

  it('finds a document updated to hold an array there', async () => {
    const filter = { company, status: 'held' };
    const before = await read(filter, byStage);
    const [closed] = await find(servers.withPushdown, { company, status: 'closed' }, byStage);
    await onBoth((db) =>
      db.collection(COLLECTION).updateOne({ _id: closed?._id }, { $set: { status: ['held'] } }),
    );
    const after = await read(filter, byStage);
    expect(after.map((doc) => doc._id.toString())).toContain(closed?._id.toString());
    expect(after).toHaveLength(before.length + 1);
  });

  it('finds a document inserted without the field an equality with null reads from the index', async () => {
    const filter = { company, closedAt: null };
    const before = await read(filter, byClose);
    const missing = new ObjectId();
    await onBoth((db) => db.collection(COLLECTION).insertOne({ _id: missing, company, status: 'open' }));
    const after = await read(filter, byClose);
    expect(after.map((doc) => doc._id.toString())).toContain(missing.toString());
    expect(after).toHaveLength(before.length + 1);
  });

  it('orders by _id as the reference does once an _id is not an ObjectId', async () => {
    const filter = { company, status: 'open' };
    await read(filter, byStage);
    await onBoth((db) =>
      db.collection(COLLECTION).insertOne({ _id: 'zz-text-id' as never, company, status: 'open' }),
    );
    const after = await read(filter, byStage);
    expect(after.map((doc) => doc._id)).toContain('zz-text-id');
  });

  it('answers as the reference after the documents that changed the answers are deleted', async () => {
    await onBoth((db) =>
      db
        .collection(COLLECTION)
        .deleteMany({ $or: [{ status: { $type: 'array' } }, { _id: 'zz-text-id' as never }] }),
    );
    await read({ company, status: 'open' }, byStage);
    await read({ company, status: 'held' }, byStage);
    await read({ company, closedAt: null }, byClose);
  });
});

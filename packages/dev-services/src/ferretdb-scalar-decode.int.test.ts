import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferretdbBinFromEnv } from './env.ts';
import { type MongoService, startMongo } from './mongo.service.ts';

type Document = mongoose.mongo.Document;
const { BSON, Double, Long, ObjectId } = mongoose.mongo;

/**
 * Values at the edges of `scalar-decode.patch`'s shortcuts (strings without escapes, integers in plain digits,
 * ObjectIds, booleans) and beside them, where the stored JSON takes FerretDB's own decoder: escapes and the
 * characters Go escapes (`<`, `>`, `&`, U+2028), control characters, non-ASCII text, integer bounds, dates before
 * 1970 and far ahead, a double that looks like an integer. (-0.0 is left out: FerretDB 1.24 stores it as 0.0.)
 */
const values: Record<string, unknown> = {
  empty: '',
  plain: 'Pump 21 leaks',
  quote: 'a "quoted" word',
  backslash: 'C:\\pumps\\21',
  controls: 'tab\there\nnewline\u0001',
  html: '<b>Tom & Jerry</b>',
  separators: 'line\u2028paragraph\u2029end',
  nonAscii: 'Pompe défectueuse, 日本語, 🎉',
  int0: 0,
  intMinus: -1,
  int32Max: 2_147_483_647,
  int32Min: -2_147_483_648,
  longSmall: Long.fromNumber(5),
  longMax: Long.MAX_VALUE,
  longMin: Long.MIN_VALUE,
  longBeyondDouble: Long.fromString('9007199254740993'),
  double: 1.5,
  doubleWhole: new Double(2),
  epoch: new Date(0),
  beforeEpoch: new Date(-1),
  yearOne: new Date(-62_135_596_800_000),
  farAhead: new Date(253_402_300_799_999),
  yes: true,
  no: false,
  id: new ObjectId('6b07e11c55e8bfadd810c923'),
  nothing: null,
};

const canonical = (value: unknown) => BSON.EJSON.stringify({ v: value }, { relaxed: false });

describe('FerretDB scalar decoding (SQLite)', () => {
  let mongo: MongoService;
  let client: mongoose.mongo.MongoClient;
  let collection: mongoose.mongo.Collection<Document>;

  beforeAll(async () => {
    // FERRETDB_BIN runs it on another build, such as the one before the patch.
    mongo = await startMongo({ quiet: true, ferretdbBin: ferretdbBinFromEnv(), ferretdbArgs: [] });
    client = await mongoose.mongo.MongoClient.connect(`${mongo.uri}scalars`, {
      promoteLongs: false,
      promoteValues: false,
    });
    collection = client.db('scalars').collection('values');
    await collection.insertOne({ _id: 'all' as never, ...values });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await mongo?.stop();
  });

  it('reads every value back as stored, in the whole document', async () => {
    const doc = await collection.findOne({ _id: 'all' as never });
    for (const [field, value] of Object.entries(values))
      expect(canonical(doc?.[field]), field).toBe(canonical(value));
  });

  it('reads every value back as stored, one field at a time (a projection)', async () => {
    for (const [field, value] of Object.entries(values)) {
      const doc = await collection.findOne({ _id: 'all' as never }, { projection: { [field]: 1 } });
      expect(Object.keys(doc ?? {}), field).toEqual(['_id', field]);
      expect(canonical(doc?.[field]), field).toBe(canonical(value));
    }
  });
});

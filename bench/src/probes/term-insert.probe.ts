/**
 * What a create's search terms cost FerretDB, without the API around it: 16 concurrent writers insert a request
 * document each, alone or after its terms, for a few seconds per shape, in alternating rounds, and print inserts
 * per second. The shapes separate the terms' costs: one insert command per create (as before the group commit),
 * the shipped group commit (`writeRequestSearchTerms`), and the same documents grouped into collections with one
 * and with no secondary index (what each of the two term indexes costs).
 *
 *   node --import tsx bench/src/probes/term-insert.probe.ts [seconds per shape, default 5] [rounds, default 3]
 */

import { connectDatabase, requestSearchTermDocs, writeRequestSearchTerms } from '@fixstream/db';
import { mongoUriFor, startMongo } from '@fixstream/dev-services';
import { Batcher } from '@fixstream/events';
import { Types } from 'mongoose';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const writers = 16;

const mongo = await startMongo({ quiet: true });
const db = await connectDatabase(mongoUriFor(mongo.uri, 'term-insert-probe'));
try {
  const raw = db.connection.db;
  if (!raw) throw new Error('no database handle');
  await raw.collection('terms_one_index').createIndex({ company: 1, term: 1, request: -1 });
  await raw.createCollection('terms_no_index');
  const groupedInto = (name: string) =>
    Batcher.forEffect((batches: object[][]) =>
      raw.collection(name).insertMany(batches.flat(), { ordered: false }),
    );
  const oneIndex = groupedInto('terms_one_index');
  const noIndex = groupedInto('terms_no_index');
  const company = new Types.ObjectId();
  const maintenanceTeam = new Types.ObjectId();
  const requestedBy = new Types.ObjectId();
  const subject = 'Conveyor belt squeaks at station 4';
  const termsOf = (_id: Types.ObjectId) =>
    requestSearchTermDocs(
      { _id, company, maintenanceTeam, requestedBy, subject, priority: 1, status: 'new' },
      { words: 0, stage: 0 },
    );

  const shapes: Record<string, (_id: Types.ObjectId) => Promise<unknown>> = {
    'request only': async () => undefined,
    'terms, a command per create': (_id) =>
      db.models.RequestSearchTerm.collection.insertMany(termsOf(_id) as never[], { ordered: false }),
    'terms, grouped (shipped)': (_id) =>
      writeRequestSearchTerms(
        db,
        { _id, company, maintenanceTeam, requestedBy, subject, priority: 1, status: 'new' },
        { words: 0, stage: 0 },
      ),
    'terms, grouped, one index': (_id) => oneIndex.add(termsOf(_id)),
    'terms, grouped, no index': (_id) => noIndex.add(termsOf(_id)),
  };
  const run = async (terms: (_id: Types.ObjectId) => Promise<unknown>) => {
    let created = 0;
    const end = Date.now() + seconds * 1_000;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (Date.now() < end) {
          const _id = new Types.ObjectId();
          await terms(_id);
          await db.models.Request.collection.insertOne({ _id, company, subject, status: 'new', priority: 1 });
          created++;
        }
      }),
    );
    return created / seconds;
  };
  console.log(`${termsOf(new Types.ObjectId()).length} term documents per create, ${writers} writers`);
  for (let round = 1; round <= rounds; round++)
    for (const [name, terms] of Object.entries(shapes))
      console.log(`round ${round}  ${name.padEnd(30)} ${(await run(terms)).toFixed(0)} creates/s`);
} finally {
  await db.close();
  await mongo.stop();
}

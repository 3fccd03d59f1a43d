import { randomUUID } from 'node:crypto';
import { ensureFerretDbWithoutPushdown, mongoUriFor, startMongo } from '@fixstream/dev-services';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../database.ts';
import { orderedValuesPage } from './ordered-values.ts';

const company = new Types.ObjectId();
const team = new Types.ObjectId();
const requests = Array.from({ length: 30 }, () => new Types.ObjectId());
/** Newest first, as the search lists them. */
const newestFirst = [...requests].reverse();

let built: Database;
let released: Database;
let releasedServer: Awaited<ReturnType<typeof startMongo>>;

async function fill(db: Database): Promise<void> {
  const terms = requests.map((request, i) => ({
    _id: `${request}|1|pump`,
    company,
    term: 'pump',
    team,
    priority: i % 4,
    request,
  }));
  // a request holding the term under two revisions
  terms.push({ ...(terms[25] as (typeof terms)[number]), _id: `${requests[25]}|2|pump` });
  await db.models.RequestSearchTerm.init();
  await db.models.RequestSearchTerm.insertMany(terms);
}

beforeAll(async () => {
  built = await connectDatabase(mongoUriFor(inject('services').mongoUri, `ordered-values-${randomUUID()}`));
  releasedServer = await startMongo({ quiet: true, ferretdbBin: await ensureFerretDbWithoutPushdown() });
  released = await connectDatabase(mongoUriFor(releasedServer.uri, 'ordered-values'));
  await Promise.all([fill(built), fill(released)]);
}, 600_000);

afterAll(async () => {
  await built?.close();
  await released?.close();
  await releasedServer?.stop();
});

describe('orderedValuesPage', () => {
  const range = { company, term: 'pump', team: { $in: [team] } };
  const hex = (ids: Types.ObjectId[]) => ids.map((id) => id.toHexString());

  it('lists a page of requests in order after a cursor, each once, on FerretDB as built here and as released (no $push)', async () => {
    for (const db of [built, released]) {
      const first = await orderedValuesPage(db.models.RequestSearchTerm, range, {
        order: -1,
        after: null,
        limit: 12,
        orderBy: 'request',
      });
      // twelve documents read, one of them the second revision of a request already listed
      expect(hex(first.values)).toEqual(hex(newestFirst.slice(0, 11)));
      expect(first.exhausted).toBe(false);
      const rest = await orderedValuesPage(db.models.RequestSearchTerm, range, {
        order: -1,
        after: first.values.at(-1) as Types.ObjectId,
        limit: 100,
        orderBy: 'request',
      });
      expect(hex(rest.values)).toEqual(hex(newestFirst.slice(11)));
      expect(rest.exhausted).toBe(true);
      const oldest = await orderedValuesPage(db.models.RequestSearchTerm, range, {
        order: 1,
        after: null,
        limit: 3,
        orderBy: 'request',
      });
      expect(hex(oldest.values)).toEqual(hex(requests.slice(0, 3)));
    }
  });
});

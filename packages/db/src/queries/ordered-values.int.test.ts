import { randomUUID } from 'node:crypto';
import { ensureFerretDbWithoutPushdown, mongoUriFor, startMongo } from '@fixstream/dev-services';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../database.ts';
import { commonValuesPage } from './common-values.ts';
import { orderedValuesPage } from './ordered-values.ts';

const company = new Types.ObjectId();
const team = new Types.ObjectId();
const requests = Array.from({ length: 30 }, () => new Types.ObjectId());
const loneLeak = new Types.ObjectId();
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
  // every third request has a second word, one of them twice, and a request beyond them has it alone
  for (const [i, request] of requests.entries()) {
    if (i % 3 === 0)
      terms.push({ ...(terms[i] as (typeof terms)[number]), _id: `${request}|1|leak`, term: 'leak' });
  }
  terms.push({ ...(terms[27] as (typeof terms)[number]), _id: `${requests[27]}|2|leak`, term: 'leak' });
  terms.push({
    ...(terms[0] as (typeof terms)[number]),
    _id: `${loneLeak}|1|leak`,
    term: 'leak',
    request: loneLeak,
  });
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

const hex = (ids: Types.ObjectId[]) => ids.map((id) => id.toHexString());

/** A page of requests in `order`, after `after`. */
const byRequest = (order: 1 | -1, after: Types.ObjectId | null, limit: number) =>
  ({ order, after, limit, orderBy: 'request' }) as const;

describe('orderedValuesPage', () => {
  const range = { company, term: 'pump', team: { $in: [team] } };

  it('lists a page of requests in order after a cursor, each once, on FerretDB as built here and as released (no $push)', async () => {
    for (const db of [built, released]) {
      const first = await orderedValuesPage(db.models.RequestSearchTerm, range, byRequest(-1, null, 12));
      // twelve documents read, one of them the second revision of a request already listed
      expect(hex(first.values)).toEqual(hex(newestFirst.slice(0, 11)));
      expect(first.exhausted).toBe(false);
      const rest = await orderedValuesPage(
        db.models.RequestSearchTerm,
        range,
        byRequest(-1, first.values.at(-1) as Types.ObjectId, 100),
      );
      expect(hex(rest.values)).toEqual(hex(newestFirst.slice(11)));
      expect(rest.exhausted).toBe(true);
      const oldest = await orderedValuesPage(db.models.RequestSearchTerm, range, byRequest(1, null, 3));
      expect(hex(oldest.values)).toEqual(hex(requests.slice(0, 3)));
    }
  });
});

describe('commonValuesPage', () => {
  const range = { company, team: { $in: [team] } };
  const both = { field: 'term', values: ['leak', 'pump'] };
  const withBoth = newestFirst.filter((_, i) => (requests.length - 1 - i) % 3 === 0);

  it('lists the requests that have every term, in order after a cursor, each once, on FerretDB as built here and as released (no $addToSet)', async () => {
    for (const db of [built, released]) {
      const first = await commonValuesPage(db.models.RequestSearchTerm, range, both, byRequest(-1, null, 4));
      expect(hex(first.values)).toEqual(hex(withBoth.slice(0, 4)));
      expect(first.exhausted).toBe(false);
      const rest = await commonValuesPage(
        db.models.RequestSearchTerm,
        range,
        both,
        byRequest(-1, first.values.at(-1) as Types.ObjectId, 100),
      );
      expect(hex(rest.values)).toEqual(hex(withBoth.slice(4)));
      expect(rest.exhausted).toBe(true);
      const oldest = await commonValuesPage(
        db.models.RequestSearchTerm,
        range,
        both,
        byRequest(1, null, withBoth.length),
      );
      expect(hex(oldest.values)).toEqual(hex([...withBoth].reverse()));
      const none = await commonValuesPage(
        db.models.RequestSearchTerm,
        range,
        { field: 'term', values: ['leak', 'pump', 'nobody'] },
        byRequest(-1, null, 20),
      );
      expect(none).toEqual({ values: [], exhausted: true });
    }
  });
});

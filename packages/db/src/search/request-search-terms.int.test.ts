import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../database.ts';
import {
  requestSearchTermDocs,
  type SearchableRequest,
  writeRequestSearchTerms,
} from './request-search-terms.ts';

let db: Database;
const termInserts: number[] = [];

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `search-terms-${randomUUID()}`), {
    monitorCommands: true,
  });
  db.connection.getClient().on('commandStarted', (event) => {
    if (event.commandName === 'insert' && event.command.insert === 'request_search_terms')
      termInserts.push(event.command.documents.length);
  });
});
afterAll(async () => {
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
});

const company = new Types.ObjectId();
const team = new Types.ObjectId();
const request = (subject: string): SearchableRequest => ({
  _id: new Types.ObjectId(),
  company,
  maintenanceTeam: team,
  requestedBy: new Types.ObjectId(),
  subject,
  priority: 1,
  status: 'new',
});
const storedIds = async (requests: readonly SearchableRequest[]) =>
  (
    await db.models.RequestSearchTerm.find(
      { request: { $in: requests.map((r) => r._id) } },
      { _id: 1 },
    ).lean()
  )
    .map((doc) => doc._id)
    .sort();
const expectedIds = (requests: readonly SearchableRequest[]) =>
  requests.flatMap((r) => requestSearchTermDocs(r, { words: 0, stage: 0 }).map((doc) => doc._id)).sort();

describe('writeRequestSearchTerms', () => {
  it('stores the terms of concurrent writes in fewer insert commands than writes', async () => {
    termInserts.length = 0;
    const requests = Array.from({ length: 30 }, (_, i) => request(`Leaking pump seal ${i}`));
    await Promise.all(requests.map((r) => writeRequestSearchTerms(db, r, { words: 0, stage: 0 })));
    expect(await storedIds(requests)).toEqual(expectedIds(requests));
    expect(termInserts.reduce((sum, n) => sum + n, 0)).toBe(expectedIds(requests).length);
    expect(termInserts.length).toBeLessThan(requests.length);
  });

  it('counts terms written before as written, beside new ones in the same command', async () => {
    const before = request('Compressor pressure drop');
    await writeRequestSearchTerms(db, before, { words: 0, stage: 0 });
    const fresh = [request('Forklift brakes squeal'), request('Pressure gauge broken')];
    await Promise.all(
      [before, ...fresh, before].map((r) => writeRequestSearchTerms(db, r, { words: 0, stage: 0 })),
    );
    expect(await storedIds([before, ...fresh])).toEqual(expectedIds([before, ...fresh]));
  });

  it('fails the writes of a command that fails', async () => {
    const other = await connectDatabase(
      mongoUriFor(inject('services').mongoUri, `search-terms-${randomUUID()}`),
    );
    await other.close();
    await expect(
      Promise.all([
        writeRequestSearchTerms(other, request('Boiler pressure low'), { words: 0, stage: 0 }),
        writeRequestSearchTerms(other, request('Boiler leaking'), { words: 0, stage: 0 }),
      ]),
    ).rejects.toThrow();
  });
});
